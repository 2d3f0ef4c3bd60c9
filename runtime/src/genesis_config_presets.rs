//! Genesis presets: `development` (one authority, Alice) and `local_testnet` (Alice and Bob
//! as named validators). The node builds its chain specs from these.

use crate::{
	AccountId, Balance, BalancesConfig, BlockNumber, ComputeAssetsConfig, MeteringConfig,
	ParticipantsConfig, RuntimeGenesisConfig, StableValueConfig, SudoConfig, DAYS, UNIT,
};
use alloc::{vec, vec::Vec};
use compute_ledger_primitives::{Jurisdiction, Role};
use frame_support::build_struct_json_patch;
use pallet_participants::types::GenesisParticipant;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

/// Native fee units each well-known dev account starts with.
pub const DEV_ENDOWMENT: Balance = 1_000_000 * UNIT;

/// The stable-value currency: a euro-denominated deposit token with cent-and-more precision.
pub const STABLE_SYMBOL: &[u8] = b"EURD";
pub const STABLE_DECIMALS: u8 = 6;
/// Eve (a bank) may have up to ten million EURD outstanding.
pub const DEV_ISSUER_CAP: Balance = 10_000_000 * 1_000_000;

/// KYC of the demo participants lasts about ten years of blocks.
pub const DEV_KYC_EXPIRY: BlockNumber = 3650 * DAYS;

/// The demo cast, admitted at genesis so that the dev chain is usable at once:
/// Alice runs the network (registrar, sudo), Bob owns compute and power assets, Charlie
/// operates a meter, Dave trades, Eve is a bank issuing stable value, Ferdie audits.
/// The `//<Name>//stash` accounts are funded but not admitted: they show the default deny.
pub fn dev_participants() -> Vec<GenesisParticipant<AccountId, BlockNumber>> {
	use Role::*;
	let cast: [(Sr25519Keyring, Vec<Role>, &[u8; 2]); 6] = [
		(Sr25519Keyring::Alice, vec![Registrar, Trader], b"CH"),
		(Sr25519Keyring::Bob, vec![AssetOwner, Trader], b"DE"),
		(Sr25519Keyring::Charlie, vec![MeterOperator], b"DE"),
		(Sr25519Keyring::Dave, vec![Trader], b"SG"),
		(Sr25519Keyring::Eve, vec![Issuer, Trader], b"CH"),
		(Sr25519Keyring::Ferdie, vec![Auditor], b"GB"),
	];
	cast.into_iter()
		.map(|(k, roles, j)| (k.to_account_id(), roles, Jurisdiction(*j), DEV_KYC_EXPIRY))
		.collect()
}

/// Epochs on the development chain last one minute (20 blocks), so that a whole metering
/// cycle fits in a demo or a test; other chains keep the runtime's default (one hour).
pub const DEV_EPOCH_LENGTH: BlockNumber = 20;
/// On the development chain auditors have thirty seconds (10 blocks) to dispute a report;
/// other chains keep the runtime's default (ten minutes).
pub const DEV_CHALLENGE_WINDOW: BlockNumber = 10;

/// Metering periods set at genesis; `None` keeps the runtime's defaults.
#[derive(Default)]
struct Timing {
	epoch_length: Option<BlockNumber>,
	challenge_window: Option<BlockNumber>,
}

fn genesis(
	authorities: Vec<(AuraId, GrandpaId)>,
	endowed: Vec<AccountId>,
	root: AccountId,
	timing: Timing,
) -> Value {
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed.iter().cloned().map(|k| (k, DEV_ENDOWMENT)).collect::<Vec<_>>(),
		},
		aura: pallet_aura::GenesisConfig {
			authorities: authorities.iter().map(|x| x.0.clone()).collect::<Vec<_>>(),
		},
		grandpa: pallet_grandpa::GenesisConfig {
			authorities: authorities.iter().map(|x| (x.1.clone(), 1)).collect::<Vec<_>>(),
		},
		sudo: SudoConfig { key: Some(root) },
		participants: ParticipantsConfig { participants: dev_participants() },
		compute_assets: ComputeAssetsConfig { epoch_length: timing.epoch_length },
		metering: MeteringConfig { challenge_window: timing.challenge_window },
		stable_value: StableValueConfig {
			symbol: STABLE_SYMBOL.to_vec(),
			decimals: STABLE_DECIMALS,
			issuers: vec![(Sr25519Keyring::Eve.to_account_id(), DEV_ISSUER_CAP)],
		},
	})
}

fn authority(who: Sr25519Keyring, finality: Ed25519Keyring) -> (AuraId, GrandpaId) {
	(who.public().into(), finality.public().into())
}

fn well_known_accounts() -> Vec<AccountId> {
	Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect()
}

/// One authority (Alice) that produces and finalises blocks on its own.
pub fn development_config_genesis() -> Value {
	genesis(
		vec![authority(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		well_known_accounts(),
		Sr25519Keyring::Alice.to_account_id(),
		Timing {
			epoch_length: Some(DEV_EPOCH_LENGTH),
			challenge_window: Some(DEV_CHALLENGE_WINDOW),
		},
	)
}

/// Two named validators (Alice and Bob); finality needs both.
pub fn local_config_genesis() -> Value {
	genesis(
		vec![
			authority(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
			authority(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
		],
		well_known_accounts(),
		Sr25519Keyring::Alice.to_account_id(),
		Timing::default(),
	)
}

/// The JSON patch of the preset with this id, if there is one.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_config_genesis(),
		_ => return None,
	};
	Some(
		serde_json::to_string(&patch)
			.expect("serialization to json is expected to work. qed.")
			.into_bytes(),
	)
}

pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
	]
}
