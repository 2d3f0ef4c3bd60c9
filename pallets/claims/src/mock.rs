//! Test runtime: the real participants, compliance and metering pallets and pallet-assets as
//! the claims ledger; compute assets are the shared in-memory registry.

use crate as pallet_claims;
use compute_ledger_primitives::{
	AssetClass, AssetId, EnergySource, Epoch, HoldingsInspect, Jurisdiction, MeterReport, Role,
	RoleSet,
};
use frame_support::{
	assert_ok, derive_impl, ord_parameter_types, parameter_types,
	traits::{AsEnsureOriginWithArg, ConstU32, ConstU64},
	PalletId,
};
use frame_system::{EnsureRoot, EnsureSigned, EnsureSignedBy};
use sp_core::H256;
use sp_runtime::BuildStorage;

pub use compute_ledger_test_support::{MockAsset, MockAssets};

type Block = frame_system::mocking::MockBlock<Test>;

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
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Test;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(2)]
	pub type Participants = pallet_participants;
	#[runtime::pallet_index(3)]
	pub type Compliance = pallet_compliance;
	#[runtime::pallet_index(4)]
	pub type Metering = pallet_metering;
	#[runtime::pallet_index(5)]
	#[runtime::disable_call]
	pub type ClaimLedger = pallet_assets;
	#[runtime::pallet_index(6)]
	pub type Claims = pallet_claims;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u64>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = frame_support::traits::VariantCountOf<RuntimeFreezeReason>;
}

pub const OWNER: u64 = 1;
pub const OP1: u64 = 11;
pub const OP2: u64 = 12;
pub const AUDITOR: u64 = 3;
pub const TRADER: u64 = 5;
pub const TRADER_SG: u64 = 6;
pub const OUTSIDER: u64 = 7;
pub const OFFICER: u64 = 98;
pub const REGULATOR: u64 = 99;
/// An Active GPU cluster of OWNER: 1_000 GPU-hours per epoch, 100 kW solar + 50 kW wind.
pub const ASSET: AssetId = 0;
/// Blocks per epoch in the mock.
pub const EPOCH: u64 = 10;
/// Blocks an auditor has to dispute an agreed report in the mock.
pub const WINDOW: u64 = 5;
/// Output tokens per claim unit in the mock.
pub const TOKENS_PER_CLAIM: u64 = 1_000;

ord_parameter_types! {
	pub const Officer: u64 = OFFICER;
	pub const Regulator: u64 = REGULATOR;
}

impl pallet_participants::Config for Test {
	type RegistrarOrigin = pallet_participants::EnsureRegistrar<Test, EnsureRoot<u64>>;
	type RegulatorOrigin = EnsureSignedBy<Regulator, u64>;
	type ExemptCalls = frame_support::traits::Nothing;
	type ActingAccount = ();
	type ConfirmOrigin = frame_system::EnsureRoot<Self::AccountId>;
	type FreezeLapse = frame_support::traits::ConstU64<100>;
	type MaxUnconfirmedFreezes = frame_support::traits::ConstU32<8>;
	type ProtectedAccounts = frame_support::traits::Nothing;
	type NativeBalance = Balances;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type Recovery = (pallet_participants::NativeRecovery<u64, Balances>, Claims);
	type RecoveryOrigin = EnsureSignedBy<Regulator, u64>;
	type WeightInfo = ();
}

/// Claim holdings and holders, read from the ledger as the runtime does.
pub struct LedgerHoldings;
impl HoldingsInspect<u64, u128> for LedgerHoldings {
	fn balance_of(class: &AssetClass, who: &u64) -> u128 {
		match class {
			AssetClass::Claim(id) => ClaimLedger::balance(*id, who),
			_ => 0,
		}
	}
	fn holder_count(class: &AssetClass) -> Option<u32> {
		match class {
			AssetClass::Claim(id) => {
				Some(pallet_assets::Asset::<Test>::get(id).map(|d| d.accounts).unwrap_or(0))
			}
			_ => None,
		}
	}
}

impl pallet_compliance::Config for Test {
	type Balance = u128;
	type Participants = Participants;
	type Holdings = LedgerHoldings;
	type ComplianceOfficerOrigin = EnsureSignedBy<Officer, u64>;
	type MaxRules = ConstU32<8>;
	type MaxTrustedAuditors = ConstU32<4>;
	type WeightInfo = ();
}

impl pallet_metering::Config for Test {
	type Participants = Participants;
	type Assets = MockAssets;
	type Auditors = Compliance;
	type ResolverOrigin = EnsureSignedBy<Officer, u64>;
	type GovernanceOrigin = frame_system::EnsureRoot<u64>;
	type DefaultOutputCeiling = frame_support::traits::ConstU64<1_000_000>;
	type EpochLength = ConstU64<EPOCH>;
	type EpochMillis = ConstU64<3_600_000>;
	type DefaultChallengeWindow = ConstU64<WINDOW>;
	type MaxOperators = ConstU32<3>;
	type WeightInfo = ();
}

#[derive_impl(pallet_assets::config_preludes::TestDefaultConfig)]
impl pallet_assets::Config for Test {
	type Balance = u128;
	type Currency = Balances;
	type CreateOrigin = AsEnsureOriginWithArg<EnsureSigned<u64>>;
	type ForceOrigin = EnsureRoot<u64>;
	type Freezer = Claims;
	type Holder = ();
}

parameter_types! {
	pub const ClaimsPalletId: PalletId = PalletId(*b"cl/claim");
}

impl pallet_claims::Config for Test {
	type Balance = u128;
	type Ledger = ClaimLedger;
	type Participants = Participants;
	type Assets = MockAssets;
	type Metering = Metering;
	type Compliance = Compliance;
	type TokensPerClaim = ConstU64<TOKENS_PER_CLAIM>;
	type PalletId = ClaimsPalletId;
	type MaxEnergySources = ConstU32<4>;
	type MaxRecoveredClasses = ConstU32<8>;
	type ForceOrigin = frame_system::EnsureRoot<u64>;
	type WeightInfo = ();
}

pub fn admit(who: u64, roles: &[Role], jurisdiction: &[u8; 2]) {
	assert_ok!(Participants::admit(
		RuntimeOrigin::root(),
		who,
		RoleSet::from(roles.iter().copied()),
		Jurisdiction(*jurisdiction),
		10_000
	));
}

/// A report of `tokens_out` output tokens whose records root is unique per `seed`.
pub fn report(tokens_out: u64, seed: u64) -> MeterReport {
	MeterReport {
		tokens_in: tokens_out / 2,
		tokens_out,
		energy_kwh: 100,
		gpu_hours: 500,
		records: 4,
		records_root: H256::from_low_u64_be(seed + 1),
	}
}

pub fn run_to(n: u64) {
	while System::block_number() < n {
		System::set_block_number(System::block_number() + 1);
	}
}

/// Both operators report `tokens_out` for `epoch`; returns once the report is Final.
pub fn finalise(epoch: Epoch, tokens_out: u64) {
	run_to((epoch as u64 + 1) * EPOCH);
	let r = report(tokens_out, epoch as u64);
	assert_ok!(Metering::submit_report(RuntimeOrigin::signed(OP1), ASSET, epoch, r));
	assert_ok!(Metering::submit_report(RuntimeOrigin::signed(OP2), ASSET, epoch, r));
	run_to(System::block_number() + WINDOW);
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	MockAssets::reset();
	let t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| {
		System::set_block_number(1);
		admit(OWNER, &[Role::AssetOwner, Role::Trader], b"DE");
		admit(OP1, &[Role::MeterOperator], b"DE");
		admit(OP2, &[Role::MeterOperator], b"DE");
		admit(AUDITOR, &[Role::Auditor], b"DE");
		admit(TRADER, &[Role::Trader], b"CH");
		admit(TRADER_SG, &[Role::Trader], b"SG");
		assert_ok!(Compliance::add_trusted_auditor(
			RuntimeOrigin::signed(OFFICER),
			AssetClass::ComputeCapacity,
			AUDITOR
		));
		MockAssets::set(
			ASSET,
			MockAsset {
				owner: OWNER,
				active: true,
				gpu_hours: 1_000,
				gpu_count: 1_000_000,
				activated_at: Some(0),
				mix: vec![(EnergySource::Solar, 100), (EnergySource::Wind, 50)],
				supply: vec![(10, 100), (11, 50)],
			},
		);
		assert_ok!(Metering::bind_operators(
			RuntimeOrigin::signed(OWNER),
			ASSET,
			vec![OP1, OP2].try_into().unwrap(),
			2
		));
	});
	ext
}
