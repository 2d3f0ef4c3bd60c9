//! Test runtime: every pallet settlement works with is the real one (participants,
//! compliance, metering, claims on pallet-assets, stable value on a pallet-balances instance);
//! only the compute-asset registry is the shared in-memory stand-in.

use crate as pallet_settlement;
use compute_ledger_primitives::{
	AssetClass, AssetId, EnergySource, HoldingsInspect, Jurisdiction, MeterReport, Role, RoleSet,
};
use frame_support::{
	assert_ok, derive_impl, ord_parameter_types, parameter_types,
	traits::{
		fungible, AsEnsureOriginWithArg, ConstU128, ConstU32, ConstU64, StorageMapShim,
		VariantCountOf,
	},
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
	#[runtime::pallet_index(7)]
	#[runtime::disable_call]
	pub type StableLedger = pallet_balances<Instance2>;
	#[runtime::pallet_index(8)]
	pub type StableValue = pallet_stable_value;
	#[runtime::pallet_index(9)]
	pub type Settlement = pallet_settlement;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u128>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = u128;
	type ExistentialDeposit = ConstU128<1>;
	type AccountStore = System;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config<pallet_balances::Instance2> for Test {
	type Balance = u128;
	type ExistentialDeposit = ConstU128<1>;
	type AccountStore = StorageMapShim<
		pallet_balances::Account<Test, pallet_balances::Instance2>,
		u64,
		pallet_balances::AccountData<u128>,
	>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
}

pub const OWNER: u64 = 1;
pub const OP: u64 = 11;
pub const BANK: u64 = 2;
pub const ALICE: u64 = 5;
pub const BOB: u64 = 6;
pub const CAROL_SG: u64 = 8;
pub const OUTSIDER: u64 = 7;
pub const OFFICER: u64 = 98;
pub const REGULATOR: u64 = 99;
pub const ASSET: AssetId = 0;
pub const EPOCH: u64 = 10;
pub const WINDOW: u64 = 5;

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
	type Recovery = pallet_participants::NativeRecovery<u64, Balances>;
	type RecoveryOrigin = EnsureSignedBy<Regulator, u64>;
	type WeightInfo = ();
}

pub struct LedgerHoldings;
impl HoldingsInspect<u64, u128> for LedgerHoldings {
	fn balance_of(class: &AssetClass, who: &u64) -> u128 {
		use frame_support::traits::fungibles;
		match class {
			AssetClass::Claim(id) => {
				<ClaimLedger as fungibles::Inspect<u64>>::total_balance(*id, who)
			}
			AssetClass::StableValue => <StableLedger as fungible::Inspect<u64>>::total_balance(who),
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
	type TokensPerClaim = ConstU64<1_000>;
	type PalletId = ClaimsPalletId;
	type MaxEnergySources = ConstU32<4>;
	type MaxRecoveredClasses = ConstU32<8>;
	type ForceOrigin = frame_system::EnsureRoot<u64>;
	type WeightInfo = ();
}

impl pallet_stable_value::Config for Test {
	type Balance = u128;
	type Currency = StableLedger;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type Participants = Participants;
	type Compliance = Compliance;
	type Spending = ();
	type CapOrigin = EnsureSignedBy<Officer, u64>;
	type RegulatorOrigin = EnsureSignedBy<Regulator, u64>;
	type MaxSymbolLen = ConstU32<8>;
	type WeightInfo = ();
}

impl pallet_settlement::Config for Test {
	type Balance = u128;
	type Stable = StableLedger;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Claims = Claims;
	type Participants = Participants;
	type Compliance = Compliance;
	type Metering = Metering;
	type Spending = ();
	type MaxOrdersPerSide = ConstU32<8>;
	type MaxFills = ConstU32<4>;
	type MaxLegs = ConstU32<4>;
	type MaxScheduledPerBlock = ConstU32<2>;
	type Deposit = Balances;
	type OrderDeposit = ConstU128<ORDER_DEPOSIT>;
	type MaxOpenOrders = ConstU32<4>;
	type GovernanceOrigin = EnsureRoot<u64>;
	type ScheduledSettlementAllowed = SettlementAllowed;
	type WeightInfo = ();
}

/// Native units every resting order holds.
pub const ORDER_DEPOSIT: u128 = 10;

frame_support::parameter_types! {
	/// Flipped by the tests to stand for the regulator's pause of settlement.
	pub static SettlementAllowed: bool = true;
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

pub fn run_to(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		<Settlement as frame_support::traits::Hooks<u64>>::on_initialize(next);
	}
}

/// Reports epoch `epoch` of ASSET with `tokens_out` output tokens (quorum of one).
pub fn report(epoch: u32, tokens_out: u64) {
	run_to((epoch as u64 + 1) * EPOCH);
	let report = MeterReport {
		tokens_in: 1,
		tokens_out,
		energy_kwh: 100,
		gpu_hours: 10,
		records: 1,
		records_root: H256::from_low_u64_be(epoch as u64 + 1),
	};
	assert_ok!(Metering::submit_report(RuntimeOrigin::signed(OP), ASSET, epoch, report));
}

/// Stable value for `who`, minted by BANK and sent over.
pub fn fund(who: u64, amount: u128) {
	assert_ok!(StableValue::mint(RuntimeOrigin::signed(BANK), amount, H256::zero()));
	assert_ok!(StableValue::transfer(RuntimeOrigin::signed(BANK), who, amount));
}

/// Class 0: epoch 0 of ASSET, Final with 1_000_000 tokens (1_000 units), all minted to OWNER.
pub fn new_test_ext() -> sp_io::TestExternalities {
	MockAssets::reset();
	SettlementAllowed::set(true);
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	// Native units for order deposits (and nothing else: fees are not charged here).
	pallet_balances::GenesisConfig::<Test> {
		balances: [OWNER, ALICE, BOB, CAROL_SG, OUTSIDER].map(|who| (who, 1_000)).to_vec(),
		..Default::default()
	}
	.assimilate_storage(&mut t)
	.unwrap();
	pallet_stable_value::GenesisConfig::<Test> {
		symbol: b"EURD".to_vec(),
		decimals: 6,
		issuers: vec![(BANK, 1_000_000_000)],
	}
	.assimilate_storage(&mut t)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| {
		System::set_block_number(1);
		admit(OWNER, &[Role::AssetOwner, Role::Trader], b"DE");
		admit(OP, &[Role::MeterOperator], b"DE");
		admit(BANK, &[Role::Issuer], b"CH");
		admit(ALICE, &[Role::Trader], b"CH");
		admit(BOB, &[Role::Trader], b"DE");
		admit(CAROL_SG, &[Role::Trader], b"SG");
		MockAssets::set(
			ASSET,
			MockAsset {
				owner: OWNER,
				active: true,
				gpu_hours: 1_000,
				gpu_count: 1_000_000,
				activated_at: Some(0),
				mix: vec![(EnergySource::Solar, 1_000)],
				supply: Vec::new(),
			},
		);
		assert_ok!(Metering::bind_operators(
			RuntimeOrigin::signed(OWNER),
			ASSET,
			vec![OP].try_into().unwrap(),
			1
		));
		report(0, 1_000_000);
		run_to(System::block_number() + WINDOW);
		assert_ok!(Claims::mint(RuntimeOrigin::signed(OWNER), ASSET, 0, 1_000));
		System::reset_events();
	});
	ext
}
