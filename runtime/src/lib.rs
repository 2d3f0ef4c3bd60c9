//! The compute-asset ledger runtime: wiring only. Pallet configuration lives in `configs/`,
//! runtime APIs in `apis.rs`, genesis presets in `genesis_config_presets.rs`.
#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime`'s expansion is large.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;
use alloc::vec::Vec;

pub mod apis;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarks;
pub mod configs;
pub mod genesis_config_presets;
pub mod migrations;
pub mod weights;

use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::RuntimeVersion;

pub use frame_system::Call as SystemCall;
pub use pallet_balances::Call as BalancesCall;
#[cfg(feature = "std")]
pub use sp_runtime::BuildStorage;

/// Types the client needs without knowing the runtime's extrinsic format.
pub mod opaque {
	use super::*;
	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	pub type Hash = <BlakeTwo256 as sp_runtime::traits::Hash>::Output;
}

impl_opaque_keys! {
	pub struct SessionKeys {
		pub aura: Aura,
		pub grandpa: Grandpa,
	}
}

#[cfg(not(feature = "upgrade-rehearsal"))]
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("compute-ledger"),
	impl_name: alloc::borrow::Cow::Borrowed("compute-ledger"),
	authoring_version: 1,
	spec_version: 100,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

/// The same runtime with the next spec version: the upgrade the end-to-end test rehearses
/// (built by `build.rs` as a second blob, never embedded in the node).
#[cfg(feature = "upgrade-rehearsal")]
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("compute-ledger"),
	impl_name: alloc::borrow::Cow::Borrowed("compute-ledger"),
	authoring_version: 1,
	spec_version: 101,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

/// Target block time. A permissioned network of known validators can afford short slots.
/// The slot duration cannot change once a chain has started.
pub const MILLI_SECS_PER_BLOCK: u64 = 3000;
pub const SLOT_DURATION: u64 = MILLI_SECS_PER_BLOCK;

pub const MINUTES: BlockNumber = 60_000 / (MILLI_SECS_PER_BLOCK as BlockNumber);
pub const HOURS: BlockNumber = MINUTES * 60;
pub const DAYS: BlockNumber = HOURS * 24;

/// The native fee unit has 12 decimals.
pub const UNIT: Balance = 1_000_000_000_000;
pub const MILLI_UNIT: Balance = 1_000_000_000;
pub const MICRO_UNIT: Balance = 1_000_000;
pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_UNIT;

pub type Signature = MultiSignature;
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
pub type Balance = u128;
pub type Nonce = u32;
pub type Hash = sp_core::H256;
pub type BlockNumber = u32;
pub type Address = MultiAddress<AccountId, ()>;
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// The transaction extension pipeline every signed extrinsic passes through.
pub type TxExtension = (
	frame_system::CheckNonZeroSender<Runtime>,
	// Default deny: only active participants get into the pool (codes in
	// `compute_ledger_primitives::admission_codes`).
	pallet_participants::CheckAdmission<Runtime>,
	// Native transfers, direct or batched, pass the compliance check of the native class
	// (codes in `compute_ledger_primitives::compliance_codes`).
	pallet_compliance::CheckNativeTransfers<Runtime, configs::RuntimeNativeTransfers>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
);

pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	migrations::Migrations,
>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(2)]
	pub type Aura = pallet_aura;
	#[runtime::pallet_index(3)]
	pub type Grandpa = pallet_grandpa;
	#[runtime::pallet_index(4)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(5)]
	pub type TransactionPayment = pallet_transaction_payment;
	#[runtime::pallet_index(6)]
	pub type Utility = pallet_utility;
	#[runtime::pallet_index(7)]
	pub type Sudo = pallet_sudo;
	#[runtime::pallet_index(8)]
	pub type TxPause = pallet_tx_pause;

	// The permissioned network: the governed validator set (before Session, whose genesis
	// asks it for the first set), session keys, the council, admitted nodes.
	#[runtime::pallet_index(9)]
	pub type Validators = pallet_validators;
	#[runtime::pallet_index(10)]
	pub type Session = pallet_session;
	#[runtime::pallet_index(11)]
	pub type Council = pallet_collective<Instance1>;
	#[runtime::pallet_index(12)]
	pub type NodeAuthorization = pallet_node_authorization;

	// Institutional accounts: delegated keys and multisig accounts.
	#[runtime::pallet_index(13)]
	pub type Proxy = pallet_proxy;
	#[runtime::pallet_index(14)]
	pub type Multisig = pallet_multisig;
	/// Governed runtime upgrades.
	#[runtime::pallet_index(15)]
	pub type Operations = pallet_operations;
	/// The regulator body, distinct from the council.
	#[runtime::pallet_index(16)]
	pub type Regulators = pallet_collective<Instance2>;
	/// The regulator's whole-chain stop, lifted by the council.
	#[runtime::pallet_index(17)]
	pub type SafeMode = pallet_safe_mode;

	// Compute-asset ledger pallets start at 20.
	#[runtime::pallet_index(20)]
	pub type Participants = pallet_participants;
	#[runtime::pallet_index(21)]
	pub type Compliance = pallet_compliance;
	#[runtime::pallet_index(22)]
	pub type ComputeAssets = pallet_compute_assets;
	#[runtime::pallet_index(23)]
	pub type Metering = pallet_metering;
	/// The ledger of claim balances (one ledger asset per claim class). Its calls are not
	/// part of the runtime: claims move only through `Claims`, which runs compliance.
	#[runtime::pallet_index(24)]
	#[runtime::disable_call]
	pub type ClaimLedger = pallet_assets;
	#[runtime::pallet_index(25)]
	pub type Claims = pallet_claims;
	/// The stable-value ledger (a second pallet-balances instance). Its calls are not part of
	/// the runtime: stable value moves only through `StableValue` and settlement.
	#[runtime::pallet_index(26)]
	#[runtime::disable_call]
	pub type StableLedger = pallet_balances<Instance2>;
	#[runtime::pallet_index(27)]
	pub type StableValue = pallet_stable_value;
	#[runtime::pallet_index(28)]
	pub type Settlement = pallet_settlement;
	#[runtime::pallet_index(29)]
	pub type Mandates = pallet_mandates;
	#[runtime::pallet_index(30)]
	pub type Channels = pallet_channels;
	#[runtime::pallet_index(31)]
	pub type Pricing = pallet_pricing;
	#[runtime::pallet_index(32)]
	pub type Energy = pallet_energy;
}
