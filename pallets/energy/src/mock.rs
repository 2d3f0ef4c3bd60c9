//! Test runtime: the real participants pallet; the power registry, auditor trust and Final
//! metered output are small in-memory stand-ins (their own pallets test the real ones, and
//! `runtime/tests` and the e2e tests price real metered epochs).

use crate as pallet_energy;
use compute_ledger_primitives::{
	AssetClass, AssetId, AuditorTrust, CurrencyRegistry, Epoch, FinalOutput, Jurisdiction,
	MeteredOutput, PowerAssetInspect, Role, RoleSet,
};
use frame_support::{
	assert_ok, derive_impl, ord_parameter_types,
	traits::{ConstU32, VariantCountOf},
};
use frame_system::{EnsureRoot, EnsureSignedBy};
use sp_runtime::{BuildStorage, Perbill};
use std::{cell::RefCell, collections::BTreeMap};

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
	pub type Energy = pallet_energy;
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
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
}

/// Owns power assets SOLAR and WIND.
pub const PRODUCER: u64 = 1;
/// Owns power asset GRID.
pub const OTHER_PRODUCER: u64 = 2;
/// An auditor trusted for power capacity.
pub const AUDITOR: u64 = 3;
/// An auditor trusted for compute capacity only.
pub const COMPUTE_AUDITOR: u64 = 4;
/// Admitted, no asset, no auditor role.
pub const TRADER: u64 = 5;
/// Never admitted.
pub const STRANGER: u64 = 7;
pub const GOVERNANCE: u64 = 90;
pub const REGULATOR: u64 = 99;

pub const SOLAR: AssetId = 10;
pub const WIND: AssetId = 11;
pub const GRID: AssetId = 12;
/// A compute asset metered in the tests' epochs.
pub const CLUSTER: AssetId = 0;
/// Blocks per epoch in these tests: epoch `e` ends at block `10 e + 9`.
pub const EPOCH_LENGTH: u64 = 10;

ord_parameter_types! {
	pub const Governance: u64 = GOVERNANCE;
	pub const Regulator: u64 = REGULATOR;
}

impl pallet_participants::Config for Test {
	type RegistrarOrigin = pallet_participants::EnsureRegistrar<Test, EnsureRoot<u64>>;
	type RegulatorOrigin = EnsureSignedBy<Regulator, u64>;
	type ExemptCalls = frame_support::traits::Nothing;
	type ActingAccount = ();
	type ConfirmOrigin = EnsureRoot<u64>;
	type FreezeLapse = frame_support::traits::ConstU64<100>;
	type MaxUnconfirmedFreezes = ConstU32<8>;
	type ProtectedAccounts = frame_support::traits::Nothing;
	type NativeBalance = Balances;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type Recovery = pallet_participants::NativeRecovery<u64, Balances>;
	type RecoveryOrigin = EnsureSignedBy<Regulator, u64>;
	type WeightInfo = ();
}

thread_local! {
	static POWER: RefCell<BTreeMap<AssetId, u64>> = const { RefCell::new(BTreeMap::new()) };
	static TRUSTED: RefCell<Vec<(AssetClass, u64)>> = const { RefCell::new(Vec::new()) };
	static FINAL: RefCell<BTreeMap<(AssetId, Epoch), FinalOutput>> =
		const { RefCell::new(BTreeMap::new()) };
}

/// Power assets and their owners.
pub struct MockPower;
impl PowerAssetInspect<u64> for MockPower {
	fn power_owner(asset: AssetId) -> Option<u64> {
		POWER.with(|p| p.borrow().get(&asset).copied())
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn power_asset_for_benchmarks(owner: &u64) -> AssetId {
		POWER.with(|p| {
			let id = 1_000 + p.borrow().len() as AssetId;
			p.borrow_mut().insert(id, *owner);
			id
		})
	}
}

/// The auditors the compliance officer trusts, per asset class.
pub struct MockAuditors;
impl AuditorTrust<u64> for MockAuditors {
	fn is_trusted_auditor(class: &AssetClass, who: &u64) -> bool {
		TRUSTED.with(|t| t.borrow().contains(&(*class, *who)))
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn trust_for_benchmarks(class: &AssetClass, who: &u64) {
		TRUSTED.with(|t| t.borrow_mut().push((*class, *who)))
	}
}

/// Final metered epochs.
pub struct MockMetered;
impl MockMetered {
	/// Makes (CLUSTER, epoch) Final: `tokens_out` tokens from `energy_kwh` kWh, supplied by
	/// `supply` (power asset, kW).
	pub fn finalise(epoch: Epoch, tokens_out: u64, energy_kwh: u64, supply: Vec<(AssetId, u32)>) {
		let output = FinalOutput {
			tokens_out,
			tokens_per_kwh: tokens_out / energy_kwh.max(1),
			report_id: Default::default(),
			energy_mix: Vec::new(),
			energy_kwh,
			power_supply: supply,
			last_block: (u64::from(epoch) + 1) * EPOCH_LENGTH - 1,
		};
		FINAL.with(|f| f.borrow_mut().insert((CLUSTER, epoch), output));
	}
}
impl MeteredOutput for MockMetered {
	fn final_output(asset: AssetId, epoch: Epoch) -> Option<FinalOutput> {
		FINAL.with(|f| f.borrow().get(&(asset, epoch)).cloned())
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn finalise_for_benchmarks(_: AssetId, epoch: Epoch, tokens_out: u64) {
		Self::finalise(epoch, tokens_out, 1, Vec::new())
	}
}

/// EURD and USDX.
pub struct Currencies;
impl CurrencyRegistry for Currencies {
	fn is_known(symbol: &[u8]) -> bool {
		symbol == b"EURD" || symbol == b"USDX"
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn known_for_benchmarks() -> Vec<u8> {
		b"EURD".to_vec()
	}
}

frame_support::parameter_types! {
	pub const DefaultPowerShare: Perbill = Perbill::from_percent(70);
}

impl pallet_energy::Config for Test {
	type Balance = u128;
	type Participants = Participants;
	type Assets = MockPower;
	type Auditors = MockAuditors;
	type Metered = MockMetered;
	type Currencies = Currencies;
	type GovernanceOrigin = EnsureSignedBy<Governance, u64>;
	type DefaultPowerShare = DefaultPowerShare;
	type MaxTariffs = ConstU32<4>;
	type WeightInfo = ();
}

/// One euro of EURD in its smallest unit (six decimals).
pub const EUR: u128 = 1_000_000;

pub fn admit(who: u64, roles: &[Role]) {
	assert_ok!(Participants::admit(
		RuntimeOrigin::root(),
		who,
		RoleSet::from(roles.iter().copied()),
		Jurisdiction(*b"DE"),
		10_000
	));
}

pub fn run_to(n: u64) {
	while System::block_number() < n {
		System::set_block_number(System::block_number() + 1);
	}
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| {
		POWER.with(|p| {
			let mut p = p.borrow_mut();
			p.clear();
			p.extend([(SOLAR, PRODUCER), (WIND, PRODUCER), (GRID, OTHER_PRODUCER)]);
		});
		TRUSTED.with(|t| {
			*t.borrow_mut() = vec![
				(AssetClass::PowerCapacity, AUDITOR),
				(AssetClass::ComputeCapacity, COMPUTE_AUDITOR),
			]
		});
		FINAL.with(|f| f.borrow_mut().clear());
		System::set_block_number(1);
		admit(PRODUCER, &[Role::AssetOwner]);
		admit(OTHER_PRODUCER, &[Role::AssetOwner]);
		admit(AUDITOR, &[Role::Auditor]);
		admit(COMPUTE_AUDITOR, &[Role::Auditor]);
		admit(TRADER, &[Role::Trader]);
	});
	ext
}
