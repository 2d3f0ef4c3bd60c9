//! Test runtime: the real participants, compliance and mandates pallets, and a
//! pallet-balances instance as the stable-value ledger. Vouchers are signed with the test
//! signature of sp-runtime (the runtime uses the chain's transaction signature). Price cards
//! come from a fixed catalog here (`TestCatalog`); the runtime wires the pricing pallet, and
//! `runtime/tests` and the e2e tests charge at its real cards.

use crate as pallet_channels;
use compute_ledger_primitives::{
	cost_of, AssetClass, CardIndex, HoldingsInspect, Jurisdiction, Modality, ModelId, PriceCatalog,
	Role, RoleSet, TokenPrice, TokenUsage,
};
use frame_support::{
	assert_ok, derive_impl, ord_parameter_types,
	traits::{
		fungible::{self, Inspect},
		ConstU128, ConstU32, ConstU64, StorageMapShim, VariantCountOf,
	},
};
use frame_system::{EnsureRoot, EnsureSignedBy};
use sp_runtime::BuildStorage;

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
	#[runtime::disable_call]
	pub type StableLedger = pallet_balances<Instance2>;
	#[runtime::pallet_index(5)]
	pub type Mandates = pallet_mandates;
	#[runtime::pallet_index(6)]
	pub type Channels = pallet_channels;
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

pub const PRINCIPAL: u64 = 1;
pub const AGENT: u64 = 2;
pub const PROVIDER: u64 = 5;
pub const PROVIDER2: u64 = 6;
pub const OUTSIDER: u64 = 7;
pub const OFFICER: u64 = 98;
pub const REGULATOR: u64 = 99;

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
		match class {
			AssetClass::StableValue => StableLedger::total_balance(who),
			_ => 0,
		}
	}
	fn holder_count(_: &AssetClass) -> Option<u32> {
		None
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

impl pallet_mandates::Config for Test {
	type Balance = u128;
	type Stable = StableLedger;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Participants = Participants;
	type Compliance = Compliance;
	type RegulatorOrigin = EnsureSignedBy<Regulator, u64>;
	type MaxPayees = ConstU32<4>;
	type MaxClasses = ConstU32<4>;
	type MaxRecent = ConstU32<8>;
	type MaxPending = ConstU32<2>;
	type WeightInfo = ();
}

impl pallet_channels::Config for Test {
	type Balance = u128;
	type Stable = StableLedger;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Participants = Participants;
	type Compliance = Compliance;
	type Spending = Mandates;
	type Prices = TestCatalog;
	type Signature = sp_runtime::testing::TestSignature;
	type Signer = sp_runtime::testing::UintAuthorityId;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = TestSigner;
	type ChallengePeriod = ConstU64<5>;
	type WeightInfo = ();
}

/// PROVIDER's model with two cards: card 0 from block 1, card 1 (twice the prices) from
/// block 10.
pub const MODEL: ModelId = 0;
/// PROVIDER's retired model (its card 0 still prices past payments).
pub const RETIRED_MODEL: ModelId = 1;
/// PROVIDER's model whose first card takes effect at block 50.
pub const LATE_MODEL: ModelId = 2;
/// Card 0 takes effect here on LATE_MODEL.
pub const LATE_FROM: u64 = 50;

std::thread_local! {
	/// Models registered for benchmarks, each with a card pricing every modality.
	static BENCH_MODELS: core::cell::RefCell<std::collections::BTreeMap<ModelId, u64>> =
		Default::default();
}

fn price(modality: Modality, input: u128, output: u128) -> TokenPrice<u128> {
	TokenPrice { modality, input_per_million: input, output_per_million: output }
}

/// The prices of a card: text and image on the test models, every modality at benchmarks'.
pub fn card_prices(model: ModelId, card: CardIndex) -> Option<Vec<TokenPrice<u128>>> {
	let bench = BENCH_MODELS.with(|m| m.borrow().contains_key(&model));
	match (model, card) {
		_ if bench => Some(Modality::ALL.iter().map(|m| price(*m, 1_000_000, 5_000_000)).collect()),
		(MODEL | RETIRED_MODEL | LATE_MODEL, 0) => Some(vec![
			price(Modality::Text, 2_000_000, 10_000_000),
			price(Modality::Image, 0, 40_000_000),
		]),
		(MODEL, 1) => Some(vec![
			price(Modality::Text, 4_000_000, 20_000_000),
			price(Modality::Image, 0, 80_000_000),
		]),
		_ => None,
	}
}

pub struct TestCatalog;
impl PriceCatalog<u64, u128, u64> for TestCatalog {
	fn provider(model: ModelId) -> Option<u64> {
		match model {
			MODEL | RETIRED_MODEL | LATE_MODEL => Some(PROVIDER),
			_ => BENCH_MODELS.with(|m| m.borrow().get(&model).copied()),
		}
	}
	fn is_serving(model: ModelId) -> bool {
		model != RETIRED_MODEL && Self::provider(model).is_some()
	}
	fn card_at(model: ModelId, at: u64) -> Option<CardIndex> {
		match model {
			MODEL if at >= 10 => Some(1),
			MODEL | RETIRED_MODEL => Some(0),
			LATE_MODEL => (at >= LATE_FROM).then_some(0),
			_ => Self::provider(model).map(|_| 0),
		}
	}
	fn cost(
		model: ModelId,
		card: CardIndex,
		usage: &[TokenUsage],
	) -> Result<u128, sp_runtime::DispatchError> {
		let prices = card_prices(model, card).ok_or("UnknownCard")?;
		cost_of(&prices, usage).ok_or("ModalityNotPriced".into())
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn served_model_for_benchmarks(provider: &u64) -> ModelId {
		BENCH_MODELS.with(|m| {
			let mut models = m.borrow_mut();
			let model = 100 + models.len() as ModelId;
			models.insert(model, *provider);
			model
		})
	}
}

/// Signs with the test signature of sp-runtime.
#[cfg(feature = "runtime-benchmarks")]
pub struct TestSigner;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_channels::BenchmarkHelper<u64, sp_runtime::testing::TestSignature> for TestSigner {
	fn signer() -> u64 {
		4_242
	}
	fn sign(who: &u64, message: &[u8]) -> sp_runtime::testing::TestSignature {
		sp_runtime::testing::TestSignature(*who, message.to_vec())
	}
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
		System::set_block_number(System::block_number() + 1);
	}
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| {
		System::set_block_number(1);
		admit(PRINCIPAL, &[Role::Trader], b"DE");
		admit(AGENT, &[Role::Agent], b"DE");
		admit(PROVIDER, &[Role::Trader], b"DE");
		admit(PROVIDER2, &[Role::Trader], b"CH");
		assert_ok!(<StableLedger as fungible::Mutate<u64>>::mint_into(&AGENT, 1_000_000));
	});
	ext
}
