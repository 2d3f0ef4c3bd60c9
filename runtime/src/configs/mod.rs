//! Configuration of every pallet in the runtime. Privileged origins are named here once
//! (`GovernanceOrigin`, `RegulatorOrigin`, `ComplianceOfficerOrigin`); the network's own
//! pallets (validators, session, council, node admission) are in `network.rs`.

use super::weights::{
	self, block_weights::BlockExecutionWeight, extrinsic_weights::ExtrinsicBaseWeight,
};
use frame_support::dispatch::DispatchClass;
use frame_support::{
	derive_impl, parameter_types,
	traits::{
		ConstBool, ConstU128, ConstU32, ConstU64, ConstU8, Contains, InsideBoth, VariantCountOf,
	},
	weights::{constants::WEIGHT_REF_TIME_PER_SECOND, IdentityFee, Weight},
};
use frame_system::limits::{BlockLength, BlockWeights};
use pallet_transaction_payment::{ConstFeeMultiplier, FungibleAdapter, Multiplier};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_runtime::{traits::One, Perbill};
use sp_version::RuntimeVersion;

use super::{
	AccountId, Aura, Balance, Balances, Block, BlockNumber, Hash, Nonce, PalletInfo, Runtime,
	RuntimeCall, RuntimeEvent, RuntimeFreezeReason, RuntimeHoldReason, RuntimeOrigin, RuntimeTask,
	System, EXISTENTIAL_DEPOSIT, SLOT_DURATION, VERSION,
};

use super::TxPause;

const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);
const MAXIMUM_BLOCK_WEIGHT: Weight =
	Weight::from_parts(2u64 * WEIGHT_REF_TIME_PER_SECOND, u64::MAX);

parameter_types! {
	pub const BlockHashCount: BlockNumber = 2400;
	pub const Version: RuntimeVersion = VERSION;
	/// Two seconds of compute per block, at most 75% of it for normal extrinsics; the fixed
	/// cost of a block and of an extrinsic as measured on this machine (`weights/`).
	pub RuntimeBlockWeights: BlockWeights = BlockWeights::builder()
		.base_block(BlockExecutionWeight::get())
		.for_class(DispatchClass::all(), |weights| {
			weights.base_extrinsic = base_extrinsic();
		})
		.for_class(DispatchClass::Normal, |weights| {
			weights.max_total = Some(NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_WEIGHT);
		})
		.for_class(DispatchClass::Operational, |weights| {
			weights.max_total = Some(MAXIMUM_BLOCK_WEIGHT);
			// Operational calls (governance, the regulator) still fit in a full block.
			weights.reserved =
				Some(MAXIMUM_BLOCK_WEIGHT - NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_WEIGHT);
		})
		.avg_block_initialization(Perbill::from_percent(10))
		.build_or_panic();
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(5 * 1024 * 1024)
		.modify_max_length_for_class(frame_support::dispatch::DispatchClass::Normal, |m| {
			*m = NORMAL_DISPATCH_RATIO * *m
		})
		.build();
	/// Generic Substrate address format: ordinary wallets show addresses without configuration.
	pub const SS58Prefix: u8 = 42;
}

/// What every extrinsic pays besides its call and its transaction extensions' own weights.
/// `ExtrinsicBaseWeight` was measured on signed remarks, so it already contains the work of
/// the extensions that charge their own weight (admission and fee payment; a remark makes no
/// transfer to check): charge that work once. A block of remarks is then charged exactly
/// what was measured.
fn base_extrinsic() -> Weight {
	use pallet_participants::WeightInfo as _;
	use pallet_transaction_payment::WeightInfo as _;
	ExtrinsicBaseWeight::get()
		.saturating_sub(<Runtime as pallet_participants::Config>::WeightInfo::check_admission())
		.saturating_sub(
			<Runtime as pallet_transaction_payment::Config>::WeightInfo::charge_transaction_payment(
			),
		)
}

mod accounts;
mod network;
pub use accounts::{multisig_account, ProxyType, RuntimeActingAccount};
pub use network::{CouncilCollective, RegulatorCollective, SESSION_PERIOD};

/// Governance: two thirds of the council, or root (sudo, which only the `--dev` chain has).
pub type GovernanceOrigin = frame_support::traits::EitherOfDiverse<
	frame_system::EnsureRoot<AccountId>,
	pallet_collective::EnsureProportionAtLeast<AccountId, CouncilCollective, 2, 3>,
>;

/// The regulator: freezes accounts, pauses calls, suspends mandates, forces transfers and
/// recovers lost accounts. A majority of the regulator body (`Regulators`), or governance,
/// which keeps the regulator's powers as the higher authority.
pub type RegulatorOrigin = frame_support::traits::EitherOfDiverse<
	GovernanceOrigin,
	pallet_collective::EnsureProportionMoreThan<AccountId, RegulatorCollective, 1, 2>,
>;

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type BlockHashCount = BlockHashCount;
	/// Reads and writes of ParityDB as measured on this machine (`weights/`).
	type DbWeight = weights::paritydb_weights::constants::ParityDbWeight;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type SS58Prefix = SS58Prefix;
	type SystemWeightInfo = weights::frame_system::WeightInfo<Runtime>;
	type MaxConsumers = ConstU32<16>;
	/// The regulator's emergency pause applies to every call path, and no call may act as an
	/// account that was never admitted.
	type BaseCallFilter = InsideBoth<InsideBoth<TxPause, super::SafeMode>, NoUnadmittedOrigins>;
}

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = ();
	type MaxAuthorities = ConstU32<32>;
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<32>;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}

impl pallet_timestamp::Config for Runtime {
	type Moment = u64;
	type OnTimestampSet = Aura;
	type MinimumPeriod = ConstU64<{ SLOT_DURATION / 2 }>;
	type WeightInfo = weights::pallet_timestamp::WeightInfo<Runtime>;
}

impl pallet_balances::Config for Runtime {
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ();
	type ReserveIdentifier = [u8; 8];
	type Balance = Balance;
	type RuntimeEvent = RuntimeEvent;
	type DustRemoval = ();
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = System;
	type WeightInfo = weights::pallet_balances::WeightInfo<Runtime>;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type DoneSlashHandler = ();
}

parameter_types! {
	pub FeeMultiplier: Multiplier = Multiplier::one();
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnChargeTransaction = FungibleAdapter<Balances, ()>;
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightToFee = IdentityFee<Balance>;
	type LengthToFee = IdentityFee<Balance>;
	type FeeMultiplierUpdate = ConstFeeMultiplier<FeeMultiplier>;
	type WeightInfo = weights::pallet_transaction_payment::WeightInfo<Runtime>;
}

impl pallet_utility::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type PalletsOrigin = super::OriginCaller;
	type WeightInfo = weights::pallet_utility::WeightInfo<Runtime>;
}

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = weights::pallet_sudo::WeightInfo<Runtime>;
}

impl pallet_participants::Config for Runtime {
	/// Governance, or an active participant holding the Registrar role.
	type RegistrarOrigin = pallet_participants::EnsureRegistrar<Runtime, GovernanceOrigin>;
	type RegulatorOrigin = RegulatorOrigin;
	/// Default deny, except governance's own business: council members vote and close, the
	/// sudo key (dev chain) calls sudo, whatever their admission.
	type ExemptCalls = GovernanceBusiness;
	/// Proxy and multisig calls are admitted on the standing of the account they act as.
	type ActingAccount = RuntimeActingAccount;
	/// The regulator's freezes stand for a day unless the council confirms them.
	type ConfirmOrigin = GovernanceOrigin;
	type FreezeLapse = ConstU32<{ super::DAYS }>;
	type MaxUnconfirmedFreezes = ConstU32<64>;
	/// Council members, the sudo key, validators and trusted auditors.
	type ProtectedAccounts = ProtectedAccounts;
	type NativeBalance = Balances;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	/// Every asset pallet that holds value joins this tuple as it lands.
	/// Open orders close first (their escrow and deposits return to the lost account), then
	/// claims, assets, native and stable value move; any link's refusal undoes them all.
	type Recovery = (
		super::Settlement,
		super::Claims,
		super::ComputeAssets,
		pallet_participants::NativeRecovery<AccountId, Balances>,
		super::StableValue,
	);
	type RecoveryOrigin = RegulatorOrigin;
	type WeightInfo = pallet_participants::weights::SubstrateWeight<Runtime>;
}

/// Accounts whose standing only governance changes (besides Registrar and Issuer holders,
/// which the participants pallet recognises itself): a registrar cannot lock the council, the
/// regulator's members, the sudo key, a validator or a trusted auditor out of the chain.
pub struct ProtectedAccounts;
impl Contains<AccountId> for ProtectedAccounts {
	fn contains(who: &AccountId) -> bool {
		pallet_collective::Members::<Runtime, CouncilCollective>::get().contains(who)
			|| pallet_collective::Members::<Runtime, RegulatorCollective>::get().contains(who)
			|| pallet_sudo::Key::<Runtime>::get().as_ref() == Some(who)
			|| pallet_validators::Validators::<Runtime>::get().contains(who)
			|| super::Compliance::is_trusted_anywhere(who)
	}
}

/// Calls that admission never blocks for the signer who governs: a council or regulator
/// member's proposals, votes and closes, and the sudo key's sudo calls. Governance can therefore never
/// be locked out by suspending, revoking or letting the KYC of its members expire.
pub struct GovernanceBusiness;
impl frame_support::traits::ContainsPair<AccountId, RuntimeCall> for GovernanceBusiness {
	fn contains(who: &AccountId, call: &RuntimeCall) -> bool {
		use pallet_collective::Call as C;
		match call {
			RuntimeCall::Council(C::propose { .. } | C::vote { .. } | C::close { .. }) => {
				pallet_collective::Members::<Runtime, CouncilCollective>::get().contains(who)
			}
			// The regulator's members need not be participants: the body acts, not they.
			RuntimeCall::Regulators(C::propose { .. } | C::vote { .. } | C::close { .. }) => {
				pallet_collective::Members::<Runtime, RegulatorCollective>::get().contains(who)
			}
			RuntimeCall::Sudo(_) => pallet_sudo::Key::<Runtime>::get().as_ref() == Some(who),
			_ => false,
		}
	}
}

/// What the asset pallets hold, for holding and holder-count compliance rules.
pub struct LedgerHoldings;
impl compute_ledger_primitives::HoldingsInspect<AccountId, Balance> for LedgerHoldings {
	fn balance_of(class: &compute_ledger_primitives::AssetClass, who: &AccountId) -> Balance {
		use compute_ledger_primitives::AssetClass;
		use frame_support::traits::{fungible, fungibles};
		match class {
			AssetClass::Native => <Balances as fungible::Inspect<_>>::total_balance(who),
			AssetClass::Claim(id) => {
				<super::ClaimLedger as fungibles::Inspect<_>>::total_balance(*id, who)
			}
			AssetClass::StableValue => {
				<super::StableLedger as fungible::Inspect<_>>::total_balance(who)
			}
			_ => 0,
		}
	}

	fn holder_count(class: &compute_ledger_primitives::AssetClass) -> Option<u32> {
		match class {
			// The ledger counts the accounts of each claim class; an unopened class has none.
			compute_ledger_primitives::AssetClass::Claim(id) => Some(
				pallet_assets::Asset::<Runtime>::get(id).map(|d| d.accounts).unwrap_or_default(),
			),
			_ => None,
		}
	}
}

/// The compliance officer sets transfer rules per asset class. Governance for now.
pub type ComplianceOfficerOrigin = GovernanceOrigin;

impl pallet_compliance::Config for Runtime {
	type Balance = Balance;
	type Participants = super::Participants;
	type Holdings = LedgerHoldings;
	type ComplianceOfficerOrigin = ComplianceOfficerOrigin;
	/// Bounds the cost of every transfer check (see `WeightInfo::can_transfer`).
	type MaxRules = ConstU32<16>;
	type MaxTrustedAuditors = ConstU32<16>;
	type WeightInfo = pallet_compliance::weights::SubstrateWeight<Runtime>;
}

/// `Utility.as_derivative` would let an admitted account act as a derived account that was
/// never admitted, around the admission check; it is not available on this chain.
pub struct NoUnadmittedOrigins;
impl Contains<RuntimeCall> for NoUnadmittedOrigins {
	fn contains(call: &RuntimeCall) -> bool {
		!matches!(call, RuntimeCall::Utility(pallet_utility::Call::as_derivative { .. }))
	}
}

/// Finds the native transfers in a call, directly, inside `Utility` batches or inside proxy
/// and multisig calls (sent from the account that acts), so that
/// `CheckNativeTransfers` runs the compliance check on each at the pool.
pub struct RuntimeNativeTransfers;
impl RuntimeNativeTransfers {
	fn inner_calls(call: &RuntimeCall) -> Option<alloc::vec::Vec<&RuntimeCall>> {
		use pallet_utility::Call as U;
		match call {
			RuntimeCall::Utility(U::batch { calls })
			| RuntimeCall::Utility(U::batch_all { calls })
			| RuntimeCall::Utility(U::force_batch { calls }) => Some(calls.iter().collect()),
			RuntimeCall::Utility(U::if_else { main, fallback }) => {
				Some(alloc::vec![&**main, &**fallback])
			}
			_ => None,
		}
	}
}

impl compute_ledger_primitives::NativeTransfers<RuntimeCall, AccountId, Balance>
	for RuntimeNativeTransfers
{
	fn count(call: &RuntimeCall) -> u32 {
		use pallet_balances::Call as B;
		match call {
			RuntimeCall::Balances(
				B::transfer_allow_death { .. }
				| B::transfer_keep_alive { .. }
				| B::transfer_all { .. },
			) => 1,
			_ => match accounts::RuntimeActingAccount::inner_call(call) {
				Some(inner) => Self::count(inner),
				None => Self::inner_calls(call)
					.map(|calls| calls.into_iter().map(Self::count).sum())
					.unwrap_or(0),
			},
		}
	}

	fn collect(
		call: &RuntimeCall,
		who: &AccountId,
		out: &mut alloc::vec::Vec<(AccountId, AccountId, Balance)>,
	) -> bool {
		use frame_support::traits::{
			fungible::Inspect,
			tokens::{Fortitude, Preservation},
		};
		use pallet_balances::Call as B;
		use sp_runtime::traits::StaticLookup;
		let lookup =
			|dest: &<<Runtime as frame_system::Config>::Lookup as StaticLookup>::Source| {
				<Runtime as frame_system::Config>::Lookup::lookup(dest.clone()).ok()
			};
		match call {
			RuntimeCall::Balances(
				B::transfer_allow_death { dest, value } | B::transfer_keep_alive { dest, value },
			) => lookup(dest).map(|d| out.push((who.clone(), d, *value))).is_some(),
			RuntimeCall::Balances(B::transfer_all { dest, .. }) => lookup(dest)
				.map(|d| {
					let all = Balances::reducible_balance(
						who,
						Preservation::Expendable,
						Fortitude::Polite,
					);
					out.push((who.clone(), d, all))
				})
				.is_some(),
			// Inside a proxy or multisig call the transfer leaves the account that acts.
			_ => match accounts::RuntimeActingAccount::descend(who, call) {
				Some((acting, inner)) => Self::collect(inner, &acting, out),
				None => Self::inner_calls(call)
					.map(|calls| calls.into_iter().all(|c| Self::collect(c, who, out)))
					.unwrap_or(true),
			},
		}
	}
}

parameter_types! {
	/// GPU-hours of capacity and metered output are counted per epoch: one hour of blocks,
	/// unless the chain spec's genesis sets another length (the dev chain uses one minute).
	pub const DefaultEpochLength: BlockNumber = super::HOURS;
}

/// The chain's epoch length in blocks (set at genesis).
pub type EpochLength = pallet_compute_assets::impl_inspect::EpochLengthOf<Runtime>;

/// The chain's epoch length in milliseconds.
pub struct EpochMillis;
impl frame_support::traits::Get<u64> for EpochMillis {
	fn get() -> u64 {
		EpochLength::get() as u64 * super::MILLI_SECS_PER_BLOCK
	}
}

impl pallet_compute_assets::Config for Runtime {
	type Balance = Balance;
	type Participants = super::Participants;
	type Compliance = super::Compliance;
	type Auditors = super::Compliance;
	type RegulatorOrigin = RegulatorOrigin;
	type DefaultEpochLength = DefaultEpochLength;
	type MaxNameLen = ConstU32<64>;
	type MaxUriLen = ConstU32<256>;
	type MaxDocuments = ConstU32<16>;
	/// At most what a metered epoch records (`MAX_POWER_SUPPLIERS`).
	type MaxPowerLinks = ConstU32<8>;
	type MaxAssetsPerOwner = ConstU32<256>;
	type WeightInfo = pallet_compute_assets::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// An auditor has ten minutes of blocks after agreement to dispute a meter report, unless
	/// the chain spec's genesis sets another window (the dev chain uses thirty seconds).
	pub const DefaultChallengeWindow: BlockNumber = 10 * super::MINUTES;
}

impl pallet_metering::Config for Runtime {
	type Participants = super::Participants;
	type Assets = super::ComputeAssets;
	type Auditors = super::Compliance;
	type ResolverOrigin = ComplianceOfficerOrigin;
	type GovernanceOrigin = GovernanceOrigin;
	/// About 2 800 tokens a second from one GPU: above what today's fastest serving stacks
	/// reach on one accelerator, far below what a fabricated report would need.
	type DefaultOutputCeiling = ConstU64<10_000_000>;
	type EpochLength = EpochLength;
	type EpochMillis = EpochMillis;
	type DefaultChallengeWindow = DefaultChallengeWindow;
	type MaxOperators = ConstU32<16>;
	type WeightInfo = pallet_metering::weights::SubstrateWeight<Runtime>;
}

/// The claim ledger's own calls are disabled in the runtime; only `Claims` mints, moves and
/// burns through its fungibles traits, so no origin below is ever asked.
impl pallet_assets::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Balance = Balance;
	type RemoveItemsLimit = ConstU32<1000>;
	type AssetId = compute_ledger_primitives::ClaimClassId;
	type AssetIdParameter = codec::Compact<compute_ledger_primitives::ClaimClassId>;
	type ReserveData = ();
	type Currency = Balances;
	type CreateOrigin = frame_support::traits::AsEnsureOriginWithArg<
		frame_support::traits::NeverEnsureOrigin<AccountId>,
	>;
	type ForceOrigin = GovernanceOrigin;
	type AssetDeposit = ConstU128<0>;
	type AssetAccountDeposit = ConstU128<0>;
	type MetadataDepositBase = ConstU128<0>;
	type MetadataDepositPerByte = ConstU128<0>;
	type ApprovalDeposit = ConstU128<0>;
	type StringLimit = ConstU32<64>;
	/// Claims locked for a settlement are frozen.
	type Freezer = super::Claims;
	type Holder = ();
	type Extra = ();
	type CallbackHandle = ();
	type AssetIdAllocator = ();
	type WeightInfo = pallet_assets::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
}

parameter_types! {
	pub const ClaimsPalletId: frame_support::PalletId = frame_support::PalletId(*b"cl/claim");
}

impl pallet_claims::Config for Runtime {
	type Balance = Balance;
	type Ledger = super::ClaimLedger;
	type Participants = super::Participants;
	type Assets = super::ComputeAssets;
	type Metering = super::Metering;
	type Compliance = super::Compliance;
	/// One claim unit entitles to one thousand output tokens.
	type TokensPerClaim = ConstU64<1_000>;
	type PalletId = ClaimsPalletId;
	type MaxEnergySources = ConstU32<10>;
	type MaxRecoveredClasses = ConstU32<128>;
	type ForceOrigin = RegulatorOrigin;
	type WeightInfo = pallet_claims::weights::SubstrateWeight<Runtime>;
}

/// The stable-value ledger: balances in a storage map of their own (not in `System`'s
/// account data, which holds the native fee unit). Its existential deposit is the smallest
/// unit, so no dust is ever burnt and only mint and burn change the issuance.
impl pallet_balances::Config<pallet_balances::Instance2> for Runtime {
	type MaxLocks = ConstU32<0>;
	type MaxReserves = ();
	type ReserveIdentifier = [u8; 8];
	type Balance = Balance;
	type RuntimeEvent = RuntimeEvent;
	type DustRemoval = ();
	type ExistentialDeposit = ConstU128<1>;
	type AccountStore = frame_support::traits::StorageMapShim<
		pallet_balances::Account<Runtime, pallet_balances::Instance2>,
		AccountId,
		pallet_balances::AccountData<Balance>,
	>;
	type WeightInfo = weights::pallet_balances::WeightInfo<Runtime>;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type DoneSlashHandler = ();
}

impl pallet_stable_value::Config for Runtime {
	type Balance = Balance;
	type Currency = super::StableLedger;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type Participants = super::Participants;
	type Compliance = super::Compliance;
	type Spending = super::Mandates;
	type CapOrigin = ComplianceOfficerOrigin;
	type RegulatorOrigin = RegulatorOrigin;
	type MaxSymbolLen = ConstU32<8>;
	type WeightInfo = pallet_stable_value::weights::SubstrateWeight<Runtime>;
}

impl pallet_settlement::Config for Runtime {
	type Balance = Balance;
	type Stable = super::StableLedger;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Claims = super::Claims;
	type Participants = super::Participants;
	type Compliance = super::Compliance;
	type Metering = super::Metering;
	type Spending = super::Mandates;
	/// Bounds the cost of inserting into and cancelling from a book.
	type MaxOrdersPerSide = ConstU32<512>;
	type MaxFills = ConstU32<32>;
	type MaxLegs = ConstU32<16>;
	type MaxScheduledPerBlock = ConstU32<32>;
	/// A resting order holds a hundredth of a native unit, refunded when it leaves the book.
	type Deposit = Balances;
	type OrderDeposit = ConstU128<{ super::UNIT / 100 }>;
	/// Room for a market maker's ladder on each side, and at least `MaxFills`.
	type MaxOpenOrders = ConstU32<64>;
	type GovernanceOrigin = GovernanceOrigin;
	type ScheduledSettlementAllowed = SettlementNotPaused;
	type WeightInfo = pallet_settlement::weights::SubstrateWeight<Runtime>;
}

/// Scheduled settlement follows the regulator's pause of `Settlement.execute_instruction`.
pub struct SettlementNotPaused;
impl frame_support::traits::Get<bool> for SettlementNotPaused {
	fn get() -> bool {
		!TxPause::is_paused_unbound(b"Settlement".to_vec(), b"execute_instruction".to_vec())
	}
}

impl pallet_mandates::Config for Runtime {
	type Balance = Balance;
	type Stable = super::StableLedger;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Participants = super::Participants;
	type Compliance = super::Compliance;
	type RegulatorOrigin = RegulatorOrigin;
	type MaxPayees = ConstU32<16>;
	type MaxClasses = ConstU32<16>;
	/// An agent may pay in up to 256 different blocks within its longest window.
	type MaxRecent = ConstU32<256>;
	type MaxPending = ConstU32<16>;
	type WeightInfo = pallet_mandates::weights::SubstrateWeight<Runtime>;
}

impl pallet_channels::Config for Runtime {
	type Balance = Balance;
	type Stable = super::StableLedger;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Participants = super::Participants;
	type Compliance = super::Compliance;
	type Spending = super::Mandates;
	type Prices = super::Pricing;
	/// Vouchers are signed like transactions: sr25519, ed25519 or ECDSA account keys.
	type Signature = super::Signature;
	type Signer = <super::Signature as sp_runtime::traits::Verify>::Signer;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = VoucherSigner;
	/// A provider has ten minutes to answer an agent's close with a newer voucher.
	type ChallengePeriod = ConstU32<{ 10 * super::MINUTES }>;
	type WeightInfo = pallet_channels::weights::SubstrateWeight<Runtime>;
}

impl pallet_pricing::Config for Runtime {
	type Balance = Balance;
	type Participants = super::Participants;
	type Assets = super::ComputeAssets;
	/// Cards are priced in the chain's stable-value currency.
	type Currencies = super::StableValue;
	type GovernanceOrigin = GovernanceOrigin;
	type MaxNameLen = ConstU32<64>;
	type MaxModelsPerAsset = ConstU32<32>;
	/// Daily price changes for almost three years; then a new model version.
	type MaxCardsPerModel = ConstU32<1_000>;
	type WeightInfo = pallet_pricing::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// Power is about 70 % of what a token costs to produce.
	pub const DefaultPowerShare: Perbill = Perbill::from_percent(70);
}

impl pallet_energy::Config for Runtime {
	type Balance = Balance;
	type Participants = super::Participants;
	type Assets = super::ComputeAssets;
	type Auditors = super::Compliance;
	type Metered = super::Metering;
	/// Tariffs are priced in the chain's stable-value currency.
	type Currencies = super::StableValue;
	type GovernanceOrigin = GovernanceOrigin;
	type DefaultPowerShare = DefaultPowerShare;
	/// Monthly tariffs for over eight years.
	type MaxTariffs = ConstU32<100>;
	type WeightInfo = pallet_energy::weights::SubstrateWeight<Runtime>;
}

/// Signs vouchers for the claim benchmark with an sr25519 key from the keystore.
#[cfg(feature = "runtime-benchmarks")]
pub struct VoucherSigner;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_channels::BenchmarkHelper<AccountId, super::Signature> for VoucherSigner {
	fn signer() -> AccountId {
		use sp_runtime::traits::IdentifyAccount;
		let public = sp_io::crypto::sr25519_generate(sp_core::crypto::KeyTypeId(*b"bnch"), None);
		sp_runtime::MultiSigner::from(public).into_account()
	}

	fn sign(who: &AccountId, message: &[u8]) -> super::Signature {
		let public =
			sp_core::sr25519::Public::from_raw(*<AccountId as AsRef<[u8; 32]>>::as_ref(who));
		let signature =
			sp_io::crypto::sr25519_sign(sp_core::crypto::KeyTypeId(*b"bnch"), &public, message)
				.expect("the key was generated in the keystore");
		sp_runtime::MultiSignature::Sr25519(signature)
	}
}

/// Calls the regulator can never pause, so that a pause can always be lifted and governance
/// always reached: the pause itself, sudo, the council's motions, the regulator's unfreeze,
/// the system's own calls (upgrades, the timestamp inherent) and the council's authorization of
/// an upgrade (a fix must always be deployable).
pub struct Unpausable;
impl Contains<pallet_tx_pause::RuntimeCallNameOf<Runtime>> for Unpausable {
	fn contains(full_name: &pallet_tx_pause::RuntimeCallNameOf<Runtime>) -> bool {
		matches!(
			full_name.0.as_slice(),
			b"TxPause"
				| b"Sudo" | b"System"
				| b"Timestamp"
				| b"Council" | b"Regulators"
				| b"Operations"
				| b"SafeMode"
		) || (full_name.0.as_slice() == b"Participants" && full_name.1.as_slice() == b"unfreeze")
	}
}

parameter_types! {
	/// The regulator's whole-chain stop lasts a day unless the council lifts it sooner.
	pub const SafeModeDuration: BlockNumber = super::DAYS;
	/// Each extension by the regulator adds an hour.
	pub const SafeModeExtension: BlockNumber = super::HOURS;
}

/// What keeps running in safe mode: consensus and the clock, governance (council, regulator
/// body, sudo on the dev chain), upgrades (a fix must be deployable), the pause itself and
/// session keys. Everything else waits.
pub struct SafeModeWhitelist;
impl Contains<RuntimeCall> for SafeModeWhitelist {
	fn contains(call: &RuntimeCall) -> bool {
		matches!(
			call,
			RuntimeCall::System(..)
				| RuntimeCall::Timestamp(..)
				| RuntimeCall::Grandpa(..)
				| RuntimeCall::Session(..)
				| RuntimeCall::Sudo(..)
				| RuntimeCall::Council(..)
				| RuntimeCall::Regulators(..)
				| RuntimeCall::Operations(..)
				| RuntimeCall::SafeMode(..)
				| RuntimeCall::TxPause(..)
		)
	}
}

/// A whole-chain stop: the regulator enters and extends it, the council lifts it. Nobody
/// enters by deposit (no deposit amounts are set).
impl pallet_safe_mode::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type WhitelistedCalls = SafeModeWhitelist;
	type EnterDuration = SafeModeDuration;
	type ExtendDuration = SafeModeExtension;
	type EnterDepositAmount = ();
	type ExtendDepositAmount = ();
	type ForceEnterOrigin =
		frame_system::EnsureWithSuccess<RegulatorOrigin, AccountId, SafeModeDuration>;
	type ForceExtendOrigin =
		frame_system::EnsureWithSuccess<RegulatorOrigin, AccountId, SafeModeExtension>;
	type ForceExitOrigin = GovernanceOrigin;
	type ForceDepositOrigin = GovernanceOrigin;
	type Notify = ();
	type ReleaseDelay = ();
	type WeightInfo = weights::pallet_safe_mode::WeightInfo<Runtime>;
}

impl pallet_tx_pause::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type PauseOrigin = RegulatorOrigin;
	type UnpauseOrigin = RegulatorOrigin;
	type WhitelistedCalls = Unpausable;
	type MaxNameLen = ConstU32<256>;
	type WeightInfo = weights::pallet_tx_pause::WeightInfo<Runtime>;
}
