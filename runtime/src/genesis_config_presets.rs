//! Genesis presets: `development` (one validator, Alice, with sudo) and `local_testnet` (the
//! permissioned network of `scripts/network.sh`: four validators, a council, admitted nodes,
//! no sudo). The node builds its chain specs from these.

use crate::{
	AccountId, Balance, BalancesConfig, BlockNumber, ComputeAssetsConfig, CouncilConfig,
	MeteringConfig, NodeAuthorizationConfig, ParticipantsConfig, PricingConfig, RegulatorsConfig,
	RuntimeGenesisConfig, SessionConfig, SessionKeys, StableValueConfig, SudoConfig,
	ValidatorsConfig, DAYS, UNIT,
};
use alloc::{vec, vec::Vec};
use compute_ledger_primitives::{Jurisdiction, PriceBounds, Role, Tier};
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

/// The tiers' ranges of output prices per million tokens, in EURD: Free 0, Economy 0.01–1,
/// Standard 1–10, Premium 10–50, Frontier 50–150 (the market's spread from small open models
/// to frontier reasoning models).
pub fn tier_bounds() -> Vec<(Tier, PriceBounds<Balance>)> {
	let cents = 10_u128.pow(STABLE_DECIMALS as u32) / 100;
	[(Tier::Free, 0, 0), (Tier::Economy, 1, 100), (Tier::Standard, 100, 1_000)]
		.into_iter()
		.chain([(Tier::Premium, 1_000, 5_000), (Tier::Frontier, 5_000, 15_000)])
		.map(|(tier, min, max)| {
			let bounds = PriceBounds {
				min_output_per_million: min * cents,
				max_output_per_million: max * cents,
			};
			(tier, bounds)
		})
		.collect()
}

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

/// The council: the institutions that run the demo network (Alice, Bob, Charlie); two of
/// three approve a motion.
fn council() -> Vec<AccountId> {
	[Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie]
		.map(|k| k.to_account_id())
		.to_vec()
}

/// The regulator body of the demo chains: one supervisor's key (`//One`), not a participant
/// and not on the council; a majority of one acts at once.
fn regulators() -> Vec<AccountId> {
	vec![Sr25519Keyring::One.to_account_id()]
}

/// The nodes of `scripts/network.sh`: node key `n` (32 bytes, the number `n`) for n = 1..=5
/// gives these peer ids (`compute-ledger-node key inspect-node-key`), owned by Alice, Bob,
/// Charlie, Dave (the validators) and Ferdie (the full node).
pub const NETWORK_NODES: [(&str, Sr25519Keyring); 5] = [
	("12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp", Sr25519Keyring::Alice),
	("12D3KooWHdiAxVd8uMQR1hGWXccidmfCwLqcMpGwR6QcTP6QRMuD", Sr25519Keyring::Bob),
	("12D3KooWSCufgHzV4fCwRijfH2k3abrpAJxTKxEvN1FDuRXA2U9x", Sr25519Keyring::Charlie),
	("12D3KooWSsChzF81YDUKpe9Uk5AHV5oqAaXAcWNSPYgoLauUk4st", Sr25519Keyring::Dave),
	("12D3KooWSuTq6MG9gPt7qZqLFKkYrfxMewTZhj9nmRHJkPwzWDG2", Sr25519Keyring::Ferdie),
];

/// A base58 peer id as the bytes node authorization stores (its multihash).
fn peer_id_bytes(base58: &str) -> Vec<u8> {
	bs58::decode(base58).into_vec().expect("the peer ids above are base58")
}

fn genesis(
	authorities: Vec<(AccountId, AuraId, GrandpaId)>,
	endowed: Vec<AccountId>,
	root: Option<AccountId>,
	nodes: Vec<(Vec<u8>, AccountId)>,
	timing: Timing,
) -> Value {
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			// The regulator's members pay their own fees.
			balances: endowed
				.iter()
				.cloned()
				.chain(regulators())
				.map(|k| (k, DEV_ENDOWMENT))
				.collect::<Vec<_>>(),
		},
		validators: ValidatorsConfig {
			validators: authorities.iter().map(|x| x.0.clone()).collect::<Vec<_>>(),
		},
		session: SessionConfig {
			keys: authorities
				.iter()
				.map(|(who, aura, grandpa)| {
					(
						who.clone(),
						who.clone(),
						SessionKeys { aura: aura.clone(), grandpa: grandpa.clone() },
					)
				})
				.collect::<Vec<_>>(),
		},
		council: CouncilConfig { members: council() },
		regulators: RegulatorsConfig { members: regulators() },
		node_authorization: NodeAuthorizationConfig {
			nodes: nodes
				.into_iter()
				.map(|(peer, owner)| (sp_core::OpaquePeerId(peer), owner))
				.collect::<Vec<_>>(),
		},
		sudo: SudoConfig { key: root },
		participants: ParticipantsConfig { participants: dev_participants() },
		compute_assets: ComputeAssetsConfig { epoch_length: timing.epoch_length },
		metering: MeteringConfig { challenge_window: timing.challenge_window },
		stable_value: StableValueConfig {
			symbol: STABLE_SYMBOL.to_vec(),
			decimals: STABLE_DECIMALS,
			issuers: vec![(Sr25519Keyring::Eve.to_account_id(), DEV_ISSUER_CAP)],
		},
		pricing: PricingConfig { tier_bounds: tier_bounds() },
	})
}

fn authority(who: Sr25519Keyring, finality: Ed25519Keyring) -> (AccountId, AuraId, GrandpaId) {
	(who.to_account_id(), who.public().into(), finality.public().into())
}

fn well_known_accounts() -> Vec<AccountId> {
	Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect()
}

/// One validator (Alice) that produces and finalises blocks on its own; Alice holds sudo.
pub fn development_config_genesis() -> Value {
	genesis(
		vec![authority(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		well_known_accounts(),
		Some(Sr25519Keyring::Alice.to_account_id()),
		Vec::new(),
		Timing {
			epoch_length: Some(DEV_EPOCH_LENGTH),
			challenge_window: Some(DEV_CHALLENGE_WINDOW),
		},
	)
}

/// The permissioned network: Alice, Bob, Charlie and Dave validate (GRANDPA finalises with
/// any three), the council governs, only the five nodes of `NETWORK_NODES` are admitted, and
/// there is no sudo. Epochs are as short as on the development chain, for demos.
pub fn local_config_genesis() -> Value {
	genesis(
		[
			(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
			(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
			(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
			(Sr25519Keyring::Dave, Ed25519Keyring::Dave),
		]
		.into_iter()
		.map(|(s, e)| authority(s, e))
		.collect(),
		well_known_accounts(),
		None,
		NETWORK_NODES
			.iter()
			.map(|(peer, owner)| (peer_id_bytes(peer), owner.to_account_id()))
			.collect(),
		Timing {
			epoch_length: Some(DEV_EPOCH_LENGTH),
			challenge_window: Some(DEV_CHALLENGE_WINDOW),
		},
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

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn admitted_peer_ids_decode_to_ed25519_multihashes() {
		for (peer, _) in NETWORK_NODES {
			let bytes = peer_id_bytes(peer);
			// Identity multihash (0x00, 36 bytes) of a protobuf ed25519 public key.
			assert_eq!(bytes.len(), 38, "{peer}");
			assert_eq!(&bytes[..6], &[0x00, 0x24, 0x08, 0x01, 0x12, 0x20], "{peer}");
		}
	}

	#[test]
	fn only_the_development_chain_has_sudo() {
		let local = local_config_genesis();
		assert!(local["sudo"]["key"].is_null(), "{}", local["sudo"]);
		let dev = development_config_genesis();
		assert!(dev["sudo"]["key"].is_string(), "{}", dev["sudo"]);
		assert_eq!(local["validators"]["validators"].as_array().map(Vec::len), Some(4));
		assert_eq!(local["nodeAuthorization"]["nodes"].as_array().map(Vec::len), Some(5));
	}
}
