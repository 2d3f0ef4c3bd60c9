//! The runtime APIs the node and wallets call.

use alloc::vec::Vec;
use frame_support::{
	genesis_builder_helper::{build_state, get_preset},
	weights::Weight,
};
use pallet_grandpa::AuthorityId as GrandpaId;
use sp_api::impl_runtime_apis;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_core::{crypto::KeyTypeId, OpaqueMetadata};
use sp_runtime::{
	traits::{Block as BlockT, NumberFor},
	transaction_validity::{TransactionSource, TransactionValidity},
	ApplyExtrinsicResult,
};
use sp_version::RuntimeVersion;

use super::{
	AccountId, Aura, Balance, Block, BlockNumber, Channels, ClaimLedger, Claims, Compliance,
	ComputeAssets, Energy, Executive, Grandpa, InherentDataExt, Mandates, Metering, Nonce,
	Participants, Pricing, Runtime, RuntimeCall, RuntimeGenesisConfig, SessionKeys, Settlement,
	StableValue, System, TransactionPayment, VERSION,
};

/// A delegate (proxy) of an account, as `Proxy.add_proxy` registered it.
#[derive(codec::Encode, codec::Decode, scale_info::TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct DelegateView {
	pub delegate: AccountId,
	pub proxy_type: crate::configs::ProxyType,
	/// Blocks an announced call waits before the delegate may execute it (0: none).
	pub delay: BlockNumber,
}

/// Who governs the network and who supervises it.
#[derive(codec::Encode, codec::Decode, scale_info::TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct GovernanceView {
	/// The council: membership, validators, upgrades; two thirds decide.
	pub council: Vec<AccountId>,
	/// The regulator body: freezes, pauses, safe mode, recovery; a majority decides.
	pub regulators: Vec<AccountId>,
}

sp_api::decl_runtime_apis! {
	/// Institutional accounts and the bodies that govern and supervise the network.
	pub trait InstitutionsApi {
		/// The delegates of `account`.
		fn delegates(account: AccountId) -> Vec<DelegateView>;
		/// The multisig account of `threshold` signatures among `signatories` (any order),
		/// as pallet-multisig derives it: what a registrar admits for an institution. `None`
		/// unless there are two distinct signatories or more and 1 ≤ threshold ≤ their number.
		fn multisig_account(signatories: Vec<AccountId>, threshold: u16) -> Option<AccountId>;
		/// The council's and the regulator body's members.
		fn governance() -> GovernanceView;
	}
}

impl_runtime_apis! {
	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block);
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> sp_runtime::ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			data.create_extrinsics()
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: sp_inherents::InherentData,
		) -> sp_inherents::CheckInherentsResult {
			data.check_extrinsics(&block)
		}
	}

	impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
		fn validate_transaction(
			source: TransactionSource,
			tx: <Block as BlockT>::Extrinsic,
			block_hash: <Block as BlockT>::Hash,
		) -> TransactionValidity {
			Executive::validate_transaction(source, tx, block_hash)
		}
	}

	impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
		fn offchain_worker(header: &<Block as BlockT>::Header) {
			Executive::offchain_worker(header)
		}
	}

	impl sp_consensus_aura::AuraApi<Block, AuraId> for Runtime {
		fn slot_duration() -> sp_consensus_aura::SlotDuration {
			sp_consensus_aura::SlotDuration::from_millis(Aura::slot_duration())
		}

		fn authorities() -> Vec<AuraId> {
			pallet_aura::Authorities::<Runtime>::get().into_inner()
		}
	}

	impl sp_session::SessionKeys<Block> for Runtime {
		fn generate_session_keys(
			owner: Vec<u8>,
			seed: Option<Vec<u8>>,
		) -> sp_session::OpaqueGeneratedSessionKeys {
			SessionKeys::generate(&owner, seed).into()
		}

		fn decode_session_keys(encoded: Vec<u8>) -> Option<Vec<(Vec<u8>, KeyTypeId)>> {
			SessionKeys::decode_into_raw_public_keys(&encoded)
		}
	}

	impl sp_consensus_grandpa::GrandpaApi<Block> for Runtime {
		fn grandpa_authorities() -> sp_consensus_grandpa::AuthorityList {
			Grandpa::grandpa_authorities()
		}

		fn current_set_id() -> sp_consensus_grandpa::SetId {
			Grandpa::current_set_id()
		}

		fn submit_report_equivocation_unsigned_extrinsic(
			_equivocation_proof: sp_consensus_grandpa::EquivocationProof<
				<Block as BlockT>::Hash,
				NumberFor<Block>,
			>,
			_key_owner_proof: sp_consensus_grandpa::OpaqueKeyOwnershipProof,
		) -> Option<()> {
			// Equivocation reports need a session-historical key owner proof; this chain has
			// a fixed, admitted validator set and handles misbehaviour by governance instead.
			None
		}

		fn generate_key_ownership_proof(
			_set_id: sp_consensus_grandpa::SetId,
			_authority_id: GrandpaId,
		) -> Option<sp_consensus_grandpa::OpaqueKeyOwnershipProof> {
			None
		}
	}

	impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
		fn account_nonce(account: AccountId) -> Nonce {
			System::account_nonce(account)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<Block, Balance> for Runtime {
		fn query_info(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment_rpc_runtime_api::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_info(uxt, len)
		}
		fn query_fee_details(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_fee_details(uxt, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentCallApi<Block, Balance, RuntimeCall>
		for Runtime
	{
		fn query_call_info(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_call_info(call, len)
		}
		fn query_call_fee_details(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_call_fee_details(call, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_participants::runtime_api::ParticipantsApi<Block, AccountId, BlockNumber> for Runtime {
		fn participant(
			who: AccountId,
		) -> Option<pallet_participants::runtime_api::ParticipantView<AccountId, BlockNumber>> {
			Participants::participant_view(&who)
		}

		fn participants(
			role: Option<compute_ledger_primitives::Role>,
			start: Option<AccountId>,
			limit: u32,
		) -> Vec<pallet_participants::runtime_api::ParticipantView<AccountId, BlockNumber>> {
			Participants::participants_view(role, start, limit.min(100))
		}
	}

	impl crate::apis::InstitutionsApi<Block> for Runtime {
		fn delegates(account: AccountId) -> Vec<DelegateView> {
			pallet_proxy::Proxies::<Runtime>::get(&account)
				.0
				.into_iter()
				.map(|d| DelegateView {
					delegate: d.delegate,
					proxy_type: d.proxy_type,
					delay: d.delay,
				})
				.collect()
		}

		fn multisig_account(mut signatories: Vec<AccountId>, threshold: u16) -> Option<AccountId> {
			signatories.sort();
			signatories.dedup();
			let valid = signatories.len() >= 2
				&& threshold >= 1
				&& usize::from(threshold) <= signatories.len();
			valid.then(|| {
				pallet_multisig::Pallet::<Runtime>::multi_account_id(&signatories, threshold)
			})
		}

		fn governance() -> GovernanceView {
			GovernanceView {
				council: pallet_collective::Members::<Runtime, crate::configs::CouncilCollective>::get(),
				regulators:
					pallet_collective::Members::<Runtime, crate::configs::RegulatorCollective>::get(),
			}
		}
	}

	impl pallet_compliance::runtime_api::ComplianceApi<Block, AccountId, Balance> for Runtime {
		fn transfer_report(
			class: compute_ledger_primitives::AssetClass,
			from: AccountId,
			to: AccountId,
			amount: Balance,
		) -> compute_ledger_primitives::ComplianceReport<Balance> {
			<Compliance as compute_ledger_primitives::Compliance<_, _>>::transfer_report(
				&class, &from, &to, amount,
			)
		}

		fn rules(
			class: compute_ledger_primitives::AssetClass,
		) -> Vec<compute_ledger_primitives::ComplianceRule<Balance>> {
			pallet_compliance::Rules::<Runtime>::get(class).into_inner()
		}

		fn trusted_auditors(class: compute_ledger_primitives::AssetClass) -> Vec<AccountId> {
			pallet_compliance::TrustedAuditors::<Runtime>::get(class).into_inner()
		}
	}

	impl pallet_compute_assets::runtime_api::ComputeAssetsApi<
		Block,
		AccountId,
		pallet_compute_assets::Asset<Runtime>,
		pallet_compute_assets::Attestation<Runtime>,
	> for Runtime {
		fn asset(id: compute_ledger_primitives::AssetId) -> Option<pallet_compute_assets::Asset<Runtime>> {
			pallet_compute_assets::Assets::<Runtime>::get(id)
		}

		fn assets(
			filter: pallet_compute_assets::impl_inspect::AssetFilter<AccountId>,
			start: compute_ledger_primitives::AssetId,
			limit: u32,
		) -> Vec<(compute_ledger_primitives::AssetId, pallet_compute_assets::Asset<Runtime>)> {
			ComputeAssets::query_assets(filter, start, limit.min(100))
		}

		fn attestations(
			id: compute_ledger_primitives::AssetId,
		) -> Vec<(compute_ledger_primitives::Attribute, pallet_compute_assets::Attestation<Runtime>)> {
			pallet_compute_assets::Attestations::<Runtime>::iter_prefix(id).collect()
		}

		fn power_available(id: compute_ledger_primitives::AssetId) -> Option<u32> {
			ComputeAssets::power_available(id)
		}

		fn energy_mix(
			id: compute_ledger_primitives::AssetId,
		) -> Vec<(compute_ledger_primitives::EnergySource, u32)> {
			<ComputeAssets as compute_ledger_primitives::ComputeAssetInspect<AccountId>>::energy_mix(id)
		}

		fn activated_at(id: compute_ledger_primitives::AssetId) -> Option<BlockNumber> {
			pallet_compute_assets::ActivatedAt::<Runtime>::get(id)
		}
	}

	impl pallet_metering::runtime_api::MeteringApi<Block, AccountId> for Runtime {
		fn current_epoch() -> compute_ledger_primitives::Epoch {
			Metering::current_epoch()
		}

		fn operators(asset: compute_ledger_primitives::AssetId) -> Option<(Vec<AccountId>, u32)> {
			pallet_metering::Operators::<Runtime>::get(asset)
				.map(|set| (set.operators.into_inner(), set.quorum))
		}

		fn epoch_report(
			asset: compute_ledger_primitives::AssetId,
			epoch: compute_ledger_primitives::Epoch,
		) -> pallet_metering::EpochReportView {
			Metering::epoch_report(asset, epoch)
		}

		fn epoch_reports(
			asset: compute_ledger_primitives::AssetId,
			start: compute_ledger_primitives::Epoch,
			limit: u32,
		) -> Vec<(compute_ledger_primitives::Epoch, pallet_metering::EpochReportView)> {
			Metering::epoch_reports(asset, start, limit.min(100))
		}

		fn verify_usage_record(
			asset: compute_ledger_primitives::AssetId,
			epoch: compute_ledger_primitives::Epoch,
			leaf: Vec<u8>,
			proof: Vec<sp_core::H256>,
			leaf_index: u32,
		) -> bool {
			Metering::verify_usage_record(asset, epoch, leaf, proof, leaf_index)
		}
	}

	impl pallet_claims::runtime_api::ClaimsApi<Block, AccountId, Balance> for Runtime {
		fn claim_class(
			class: compute_ledger_primitives::ClaimClassId,
		) -> Option<pallet_claims::ClaimClassView<Balance>> {
			Claims::class_view(class)
		}

		fn claim_classes(
			start: compute_ledger_primitives::ClaimClassId,
			limit: u32,
		) -> Vec<pallet_claims::ClaimClassView<Balance>> {
			Claims::class_views(start, limit.min(100))
		}

		fn class_of(
			asset: compute_ledger_primitives::AssetId,
			epoch: compute_ledger_primitives::Epoch,
		) -> Option<compute_ledger_primitives::ClaimClassId> {
			pallet_claims::ClassOf::<Runtime>::get((asset, epoch))
		}

		fn mintable(
			asset: compute_ledger_primitives::AssetId,
			epoch: compute_ledger_primitives::Epoch,
		) -> Balance {
			Claims::mintable(asset, epoch)
		}

		fn claims_balance(class: compute_ledger_primitives::ClaimClassId, who: AccountId) -> Balance {
			ClaimLedger::balance(class, &who)
		}
	}

	impl pallet_stable_value::runtime_api::StableValueApi<Block, AccountId, Balance> for Runtime {
		fn currency() -> pallet_stable_value::CurrencyInfo<Balance> {
			StableValue::currency_info()
		}

		fn balance(who: AccountId) -> pallet_stable_value::StableBalance<Balance> {
			StableValue::balance_of(&who)
		}

		fn issuer(who: AccountId) -> Option<(Balance, Balance)> {
			StableValue::issuer(&who)
		}
	}

	impl pallet_settlement::runtime_api::SettlementApi<Block, AccountId, Balance, BlockNumber> for Runtime {
		fn order_book(
			class: compute_ledger_primitives::ClaimClassId,
			depth: u32,
		) -> pallet_settlement::BookDepth<Balance> {
			Settlement::depth(class, depth)
		}

		fn open_orders(
			who: AccountId,
			start: pallet_settlement::OrderId,
			limit: u32,
		) -> Vec<pallet_settlement::OrderView<AccountId, Balance, BlockNumber>> {
			Settlement::open_orders_of(&who, start, limit)
		}

		fn order(
			id: pallet_settlement::OrderId,
		) -> Option<pallet_settlement::OrderView<AccountId, Balance, BlockNumber>> {
			Settlement::order_view(id)
		}

		fn instruction(
			id: pallet_settlement::InstructionId,
		) -> Option<pallet_settlement::InstructionView<AccountId, Balance, BlockNumber>> {
			Settlement::instruction_view(id)
		}

		fn would_settle(id: pallet_settlement::InstructionId) -> pallet_settlement::WouldSettle {
			Settlement::would_settle(id)
		}

		fn conditional(
			id: pallet_settlement::ConditionalId,
		) -> Option<pallet_settlement::ConditionalView<AccountId, Balance, BlockNumber>> {
			Settlement::conditional_view(id)
		}
	}

	impl pallet_mandates::runtime_api::MandatesApi<Block, AccountId, Balance, BlockNumber> for Runtime {
		fn mandate(
			agent: AccountId,
		) -> Option<pallet_mandates::runtime_api::MandateView<AccountId, Balance, BlockNumber>> {
			Mandates::mandate_view(&agent)
		}

		fn alerts(
			start: Option<AccountId>,
			limit: u32,
		) -> Vec<pallet_mandates::runtime_api::MandateView<AccountId, Balance, BlockNumber>> {
			Mandates::alerts_view(start, limit.min(100))
		}

		fn pending_approvals(
			agent: AccountId,
		) -> Vec<pallet_mandates::runtime_api::PendingView<AccountId, Balance, BlockNumber>> {
			Mandates::pending_view(&agent)
		}
	}

	impl pallet_channels::runtime_api::ChannelsApi<Block, AccountId, Balance, BlockNumber> for Runtime {
		fn channel(
			id: pallet_channels::ChannelId,
		) -> Option<pallet_channels::runtime_api::ChannelView<AccountId, Balance, BlockNumber>> {
			Channels::channel_view(id)
		}

		fn voucher_message(id: pallet_channels::ChannelId, cumulative: Balance, nonce: u64) -> Vec<u8> {
			Channels::voucher_message(id, cumulative, nonce)
		}

		fn pricing(id: pallet_channels::ChannelId) -> Option<pallet_channels::ChannelPricing> {
			Channels::pricing_of(id)
		}

		fn usage_cost(
			id: pallet_channels::ChannelId,
			usage: Vec<compute_ledger_primitives::TokenUsage>,
		) -> Result<Balance, sp_runtime::DispatchError> {
			Channels::usage_cost(id, &usage)
		}

		fn priced_voucher_message(
			id: pallet_channels::ChannelId,
			cumulative: Balance,
			usage: Vec<compute_ledger_primitives::TokenUsage>,
			records_root: [u8; 32],
			nonce: u64,
		) -> Vec<u8> {
			Channels::priced_voucher_message(id, cumulative, &usage, &records_root, nonce)
		}
	}

	impl pallet_pricing::runtime_api::PricingApi<
		Block,
		Balance,
		BlockNumber,
		pallet_pricing::Model<Runtime>,
		pallet_pricing::PriceCard<Runtime>,
	> for Runtime {
		fn model(id: compute_ledger_primitives::ModelId) -> Option<pallet_pricing::Model<Runtime>> {
			pallet_pricing::Models::<Runtime>::get(id)
		}

		fn models(
			asset: Option<compute_ledger_primitives::AssetId>,
			start: compute_ledger_primitives::ModelId,
			limit: u32,
		) -> Vec<(compute_ledger_primitives::ModelId, pallet_pricing::Model<Runtime>)> {
			Pricing::query_models(asset, start, limit.min(100))
		}

		fn cards(
			model: compute_ledger_primitives::ModelId,
			start: compute_ledger_primitives::CardIndex,
			limit: u32,
		) -> Vec<(compute_ledger_primitives::CardIndex, pallet_pricing::PriceCard<Runtime>)> {
			Pricing::query_cards(model, start, limit.min(100))
		}

		fn card_at(
			model: compute_ledger_primitives::ModelId,
			at: BlockNumber,
		) -> Option<(compute_ledger_primitives::CardIndex, pallet_pricing::PriceCard<Runtime>)> {
			let index = Pricing::card_index_at(model, at)?;
			pallet_pricing::Cards::<Runtime>::get(model, index).map(|card| (index, card))
		}

		fn tier_bounds() -> Vec<(
			compute_ledger_primitives::Tier,
			compute_ledger_primitives::PriceBounds<Balance>,
		)> {
			Pricing::tier_ranges()
		}

		fn quote(
			model: compute_ledger_primitives::ModelId,
			at: BlockNumber,
			usage: Vec<compute_ledger_primitives::TokenUsage>,
		) -> Result<(compute_ledger_primitives::CardIndex, Balance), sp_runtime::DispatchError> {
			Pricing::quote(model, at, &usage)
		}
	}

	impl pallet_energy::runtime_api::EnergyApi<Block, Balance, BlockNumber, pallet_energy::Tariff<Runtime>>
		for Runtime
	{
		fn tariffs(power: compute_ledger_primitives::AssetId) -> Vec<pallet_energy::Tariff<Runtime>> {
			pallet_energy::Tariffs::<Runtime>::get(power).into_inner()
		}

		fn tariff_at(
			power: compute_ledger_primitives::AssetId,
			at: BlockNumber,
		) -> Option<(compute_ledger_primitives::CurrencySymbol, Balance)> {
			Energy::tariff_at(power, at)
		}

		fn power_share() -> sp_runtime::Perbill {
			Energy::power_share()
		}

		fn energy_cost(
			asset: compute_ledger_primitives::AssetId,
			epoch: compute_ledger_primitives::Epoch,
		) -> Result<pallet_energy::EnergyCost<Balance>, sp_runtime::DispatchError> {
			Energy::energy_cost(asset, epoch)
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(extra: bool) -> (
			Vec<frame_benchmarking::BenchmarkList>,
			Vec<frame_support::traits::StorageInfo>,
		) {
			use frame_benchmarking::BenchmarkList;
			use frame_support::traits::StorageInfoTrait;
			use frame_system_benchmarking::Pallet as SystemBench;
			use super::*;

			let mut list = Vec::<BenchmarkList>::new();
			list_benchmarks!(list, extra);
			(list, AllPalletsWithSystem::storage_info())
		}

		fn dispatch_benchmark(
			config: frame_benchmarking::BenchmarkConfig,
		) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			use frame_benchmarking::BenchmarkBatch;
			use frame_support::traits::WhitelistedStorageKeys;
			use frame_system_benchmarking::Pallet as SystemBench;
			use super::*;

			let whitelist = AllPalletsWithSystem::whitelisted_storage_keys();
			let mut batches = Vec::<BenchmarkBatch>::new();
			let params = (&config, &whitelist);
			add_benchmarks!(params, batches);
			Ok(batches)
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, crate::genesis_config_presets::get_preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			crate::genesis_config_presets::preset_names()
		}
	}
}
