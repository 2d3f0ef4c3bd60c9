//! The `rwa` namespace: method declarations and their implementation over runtime APIs.

use std::{marker::PhantomData, sync::Arc};

use codec::Encode;
use compute_ledger_primitives::{
	AssetClass, AssetId, Attribute, CardIndex, ClaimClassId, EnergySource, Epoch, ModelId, Role,
	TokenUsage,
};
use compute_ledger_runtime::{
	apis::InstitutionsApi, opaque::Block, AccountId, Balance, BlockNumber, Runtime, RuntimeError,
};
use jsonrpsee::{core::RpcResult, proc_macros::rpc, types::ErrorObjectOwned};
use pallet_channels::{runtime_api::ChannelsApi, ChannelId};
use pallet_claims::runtime_api::ClaimsApi;
use pallet_compliance::runtime_api::ComplianceApi;
use pallet_compute_assets::{impl_inspect::AssetFilter, runtime_api::ComputeAssetsApi};
use pallet_energy::runtime_api::EnergyApi;
use pallet_mandates::runtime_api::MandatesApi;
use pallet_metering::runtime_api::MeteringApi;
use pallet_participants::runtime_api::ParticipantsApi;
use pallet_pricing::runtime_api::PricingApi;
use pallet_settlement::{runtime_api::SettlementApi, ConditionalId, InstructionId, OrderId};
use pallet_stable_value::runtime_api::StableValueApi;
use scale_info::TypeInfo;
use serde_json::{json, Value as Json};
use sp_api::{ApiError, ApiExt, ProvideRuntimeApi};
use sp_blockchain::HeaderBackend;
use sp_core::H256;

use crate::{
	error::{DEFAULT_PAGE, INVALID_PARAMS, MAX_PAGE, NOT_FOUND, RUNTIME},
	from_json, to_json,
};

type Asset = pallet_compute_assets::Asset<Runtime>;
type Attestation = pallet_compute_assets::Attestation<Runtime>;
type Model = pallet_pricing::Model<Runtime>;
type PriceCard = pallet_pricing::PriceCard<Runtime>;
type Tariff = pallet_energy::Tariff<Runtime>;

#[rpc(server, namespace = "rwa")]
pub trait RwaApi {
	// Institutions and governance.

	/// The delegates (proxies) of an account: delegate, proxy type, delay.
	#[method(name = "delegates")]
	fn delegates(&self, account: Json, at: Option<H256>) -> RpcResult<Json>;
	/// The multisig account of `threshold` signatures among `signatories`: the address a
	/// registrar admits for an institution acting through a multisig.
	#[method(name = "multisigAccount")]
	fn multisig_account(
		&self,
		signatories: Json,
		threshold: u16,
		at: Option<H256>,
	) -> RpcResult<Json>;
	/// Who governs (the council) and who supervises (the regulator body).
	#[method(name = "governance")]
	fn governance(&self, at: Option<H256>) -> RpcResult<Json>;

	// Participants and compliance.

	/// A participant: roles, jurisdiction, KYC expiry, status (set and effective), freeze.
	#[method(name = "participant")]
	fn participant(&self, account: Json, at: Option<H256>) -> RpcResult<Json>;
	/// Participants, optionally only those holding `role`; `start` is the `next` cursor of
	/// the previous page.
	#[method(name = "participants")]
	fn participants(
		&self,
		role: Option<Json>,
		start: Option<Json>,
		limit: Option<u32>,
		at: Option<H256>,
	) -> RpcResult<Json>;
	/// Dry run: would a transfer of `amount` of `class` from `from` to `to` pass compliance,
	/// and if not, which check fails.
	#[method(name = "transferReport")]
	fn transfer_report(
		&self,
		class: Json,
		from: Json,
		to: Json,
		amount: Json,
		at: Option<H256>,
	) -> RpcResult<Json>;
	/// The compliance rules of an asset class.
	#[method(name = "complianceRules")]
	fn compliance_rules(&self, class: Json, at: Option<H256>) -> RpcResult<Json>;
	/// The auditors trusted for an asset class.
	#[method(name = "trustedAuditors")]
	fn trusted_auditors(&self, class: Json, at: Option<H256>) -> RpcResult<Json>;

	// Compute and power assets.

	/// One asset.
	#[method(name = "asset")]
	fn asset(&self, id: AssetId, at: Option<H256>) -> RpcResult<Json>;
	/// Assets selected by `filter` (`"All"`, `{"Owner": account}`, `{"Jurisdiction": "DE"}`,
	/// `{"GridRegion": "EU-CH"}`, `{"EnergySource": "Solar"}`), in id order from `start`.
	#[method(name = "assets")]
	fn assets(
		&self,
		filter: Option<Json>,
		start: Option<AssetId>,
		limit: Option<u32>,
		at: Option<H256>,
	) -> RpcResult<Json>;
	/// The attestations of an asset, by attribute.
	#[method(name = "attestations")]
	fn attestations(&self, id: AssetId, at: Option<H256>) -> RpcResult<Json>;
	/// kW of a power asset not yet allocated (null for a compute asset).
	#[method(name = "powerAvailable")]
	fn power_available(&self, id: AssetId, at: Option<H256>) -> RpcResult<Json>;
	/// kW a compute asset draws, per energy source.
	#[method(name = "energyMix")]
	fn energy_mix(&self, id: AssetId, at: Option<H256>) -> RpcResult<Json>;

	// Metering.

	/// The epoch the chain is in; reports are accepted for earlier epochs.
	#[method(name = "currentEpoch")]
	fn current_epoch(&self, at: Option<H256>) -> RpcResult<Json>;
	/// The metering operators bound to an asset and the quorum.
	#[method(name = "meterOperators")]
	fn meter_operators(&self, asset: AssetId, at: Option<H256>) -> RpcResult<Json>;
	/// The metering of (asset, epoch): status, agreed report and derived figures.
	#[method(name = "epochReport")]
	fn epoch_report(&self, asset: AssetId, epoch: Epoch, at: Option<H256>) -> RpcResult<Json>;
	/// The epochs of an asset with any metering, from `start` on.
	#[method(name = "epochReports")]
	fn epoch_reports(
		&self,
		asset: AssetId,
		start: Option<Epoch>,
		limit: Option<u32>,
		at: Option<H256>,
	) -> RpcResult<Json>;
	/// Whether `leaf` is usage record `leafIndex` of the agreed report, given its proof.
	#[method(name = "verifyUsageRecord")]
	fn verify_usage_record(
		&self,
		asset: AssetId,
		epoch: Epoch,
		leaf: Json,
		proof: Json,
		leaf_index: u32,
		at: Option<H256>,
	) -> RpcResult<Json>;

	// Claims.

	/// A claim class with provenance and backing (minted, redeemed, outstanding, mintable).
	#[method(name = "claimClass")]
	fn claim_class(&self, id: ClaimClassId, at: Option<H256>) -> RpcResult<Json>;
	/// Claim classes in id order from `start`.
	#[method(name = "claimClasses")]
	fn claim_classes(
		&self,
		start: Option<ClaimClassId>,
		limit: Option<u32>,
		at: Option<H256>,
	) -> RpcResult<Json>;
	/// The claim class minted against (asset, epoch), or null.
	#[method(name = "classOf")]
	fn class_of(&self, asset: AssetId, epoch: Epoch, at: Option<H256>) -> RpcResult<Json>;
	/// Claim units the owner may still mint against (asset, epoch) now.
	#[method(name = "mintable")]
	fn mintable(&self, asset: AssetId, epoch: Epoch, at: Option<H256>) -> RpcResult<Json>;
	/// An account's claims of a class.
	#[method(name = "claimsBalance")]
	fn claims_balance(
		&self,
		class: ClaimClassId,
		account: Json,
		at: Option<H256>,
	) -> RpcResult<Json>;

	// Stable value.

	/// The stable-value currency: symbol, decimals, total issuance.
	#[method(name = "stableCurrency")]
	fn stable_currency(&self, at: Option<H256>) -> RpcResult<Json>;
	/// An account's stable value: free, held, frozen, total.
	#[method(name = "stableBalance")]
	fn stable_balance(&self, account: Json, at: Option<H256>) -> RpcResult<Json>;
	/// An issuer's cap and what it has outstanding.
	#[method(name = "issuer")]
	fn issuer(&self, account: Json, at: Option<H256>) -> RpcResult<Json>;

	// Settlement.

	/// The order book of a claim class by price level, best first.
	#[method(name = "orderBook")]
	fn order_book(
		&self,
		class: ClaimClassId,
		depth: Option<u32>,
		at: Option<H256>,
	) -> RpcResult<Json>;
	/// An account's open orders, oldest first, from order id `start`.
	#[method(name = "openOrders")]
	fn open_orders(
		&self,
		account: Json,
		start: Option<OrderId>,
		limit: Option<u32>,
		at: Option<H256>,
	) -> RpcResult<Json>;
	/// An open order.
	#[method(name = "order")]
	fn order(&self, id: OrderId, at: Option<H256>) -> RpcResult<Json>;
	/// A settlement instruction: legs, type, status, who affirmed and who has not.
	#[method(name = "instruction")]
	fn instruction(&self, id: InstructionId, at: Option<H256>) -> RpcResult<Json>;
	/// Dry run: would the instruction settle now, and if not, which leg fails and why.
	#[method(name = "wouldSettle")]
	fn would_settle(&self, id: InstructionId, at: Option<H256>) -> RpcResult<Json>;
	/// A conditional payment, with whether its condition holds now.
	#[method(name = "conditional")]
	fn conditional(&self, id: ConditionalId, at: Option<H256>) -> RpcResult<Json>;

	// Agents.

	/// An agent's mandate, with what it has spent in total and in the current period.
	#[method(name = "mandate")]
	fn mandate(&self, agent: Json, at: Option<H256>) -> RpcResult<Json>;
	/// An agent's payments waiting for the principal's approval.
	#[method(name = "pendingApprovals")]
	fn pending_approvals(&self, agent: Json, at: Option<H256>) -> RpcResult<Json>;
	/// Mandates an anomaly rule alerted or the regulator suspended.
	#[method(name = "mandateAlerts")]
	fn mandate_alerts(
		&self,
		start: Option<Json>,
		limit: Option<u32>,
		at: Option<H256>,
	) -> RpcResult<Json>;
	/// A payment channel.
	#[method(name = "channel")]
	fn channel(&self, id: ChannelId, at: Option<H256>) -> RpcResult<Json>;
	/// The exact bytes an agent signs for a voucher of `cumulative` at `nonce`.
	#[method(name = "voucherMessage")]
	fn voucher_message(
		&self,
		id: ChannelId,
		cumulative: Json,
		nonce: u64,
		at: Option<H256>,
	) -> RpcResult<Json>;

	/// What cumulative tokens cost at a priced channel's card: the amount a voucher for them
	/// must carry.
	#[method(name = "usageCost")]
	fn usage_cost(&self, id: ChannelId, usage: Json, at: Option<H256>) -> RpcResult<Json>;
	/// The exact bytes an agent signs for a priced channel's voucher.
	#[method(name = "pricedVoucherMessage")]
	fn priced_voucher_message(
		&self,
		id: ChannelId,
		cumulative: Json,
		usage: Json,
		records_root: Json,
		nonce: u64,
		at: Option<H256>,
	) -> RpcResult<Json>;

	// Token pricing.

	/// A model a provider serves: provider, asset, name, version, tier, status.
	#[method(name = "model")]
	fn model(&self, id: ModelId, at: Option<H256>) -> RpcResult<Json>;
	/// Models, those served on one asset when given, from id `start`.
	#[method(name = "models")]
	fn models(
		&self,
		asset: Option<AssetId>,
		start: Option<ModelId>,
		limit: Option<u32>,
		at: Option<H256>,
	) -> RpcResult<Json>;
	/// A model's price cards, oldest first, from index `start`.
	#[method(name = "priceCards")]
	fn price_cards(
		&self,
		model: ModelId,
		start: Option<CardIndex>,
		limit: Option<u32>,
		at: Option<H256>,
	) -> RpcResult<Json>;
	/// The card in force for a model at a block (the block `at` when none).
	#[method(name = "priceCard")]
	fn price_card(
		&self,
		model: ModelId,
		block: Option<BlockNumber>,
		at: Option<H256>,
	) -> RpcResult<Json>;
	/// Every tier's range of output prices per million tokens.
	#[method(name = "tierBounds")]
	fn tier_bounds(&self, at: Option<H256>) -> RpcResult<Json>;
	/// What a usage (tokens per modality) costs at the card in force at a block.
	#[method(name = "quote")]
	fn quote(
		&self,
		model: ModelId,
		usage: Json,
		block: Option<BlockNumber>,
		at: Option<H256>,
	) -> RpcResult<Json>;

	// Energy.

	/// A power asset's tariffs, oldest first (the last may await attestation), and the one
	/// in force now.
	#[method(name = "tariffs")]
	fn tariffs(&self, power: AssetId, at: Option<H256>) -> RpcResult<Json>;
	/// What a Final epoch's energy cost per million output tokens, and the floor price.
	#[method(name = "energyCost")]
	fn energy_cost(&self, asset: AssetId, epoch: Epoch, at: Option<H256>) -> RpcResult<Json>;
	/// Each model's output prices on the card in force at the block asked about against the
	/// energy floor of its compute asset in an epoch, with its provider and tier; from model
	/// `start`, at most `limit`.
	#[method(name = "priceFloors")]
	fn price_floors(
		&self,
		epoch: Epoch,
		start: Option<ModelId>,
		limit: Option<u32>,
		at: Option<H256>,
	) -> RpcResult<Json>;
}

/// The `rwa_*` methods over a client.
pub struct Rwa<C> {
	client: Arc<C>,
	_block: PhantomData<Block>,
}

impl<C> Rwa<C> {
	pub fn new(client: Arc<C>) -> Self {
		Self { client, _block: PhantomData }
	}
}

/// An account as the error messages name it (its SS58 address).
fn address(who: &AccountId) -> String {
	to_json(who).as_str().unwrap_or_default().to_string()
}

fn invalid(message: impl Into<String>) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(INVALID_PARAMS, message, None::<()>)
}

fn not_found(message: impl Into<String>) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(NOT_FOUND, message, None::<()>)
}

fn parse<T: codec::Decode + TypeInfo + 'static>(json: &Json, name: &str) -> RpcResult<T> {
	from_json(json, name).map_err(invalid)
}

fn limit_of(limit: Option<u32>) -> RpcResult<u32> {
	match limit.unwrap_or(DEFAULT_PAGE) {
		l @ 1..=MAX_PAGE => Ok(l),
		l => Err(invalid(format!("limit: must be between 1 and {MAX_PAGE}, got {l}"))),
	}
}

/// A page of items; `next` is the cursor of the following page when this one is full.
fn page<T: Encode + TypeInfo + 'static>(
	items: Vec<T>,
	limit: u32,
	next: impl Fn(&T) -> Json,
) -> Json {
	let next = (items.len() as u32 == limit).then(|| items.last().map(next)).flatten();
	json!({ "items": items.iter().map(to_json).collect::<Vec<_>>(), "next": next })
}

fn found<T: Encode + TypeInfo + 'static>(
	value: Option<T>,
	what: impl FnOnce() -> String,
) -> RpcResult<Json> {
	value.map(|v| to_json(&v)).ok_or_else(|| not_found(format!("{} not found", what())))
}

/// A dispatch error by name, `Pallet.Error` for a pallet's own errors.
fn error_name(error: sp_runtime::DispatchError) -> String {
	match RuntimeError::from_dispatch_error(error) {
		Some(e) => {
			let debug = format!("{e:?}");
			match debug.split_once('(') {
				Some((pallet, rest)) => {
					format!("{pallet}.{}", rest.strip_suffix(')').unwrap_or(rest))
				}
				None => debug,
			}
		}
		None => format!("{error:?}"),
	}
}

/// One model's output prices against its asset's energy floor in an epoch: each priced
/// modality's output price per million tokens and whether it covers the floor (comparable
/// only when card and tariffs name the same currency).
fn price_floor(
	id: ModelId,
	model: &Model,
	card: Option<&(CardIndex, PriceCard)>,
	energy: Result<pallet_energy::EnergyCost<Balance>, sp_runtime::DispatchError>,
) -> Json {
	let mut entry = json!({
		"model": id,
		"provider": to_json(&model.provider),
		"asset": model.asset,
		"tier": to_json(&model.tier),
	});
	let cost = match energy {
		Ok(cost) => cost,
		Err(e) => {
			entry["energyError"] = json!(error_name(e));
			return entry;
		}
	};
	entry["currency"] = to_json(&cost.currency);
	entry["costPerMillion"] = to_json(&cost.cost_per_million);
	entry["floorPerMillion"] = to_json(&cost.floor_per_million);
	if let Some((index, card)) = card {
		let comparable = card.currency == cost.currency;
		entry["card"] = json!(index);
		entry["prices"] = card
			.prices
			.iter()
			.map(|p| {
				json!({
					"modality": to_json(&p.modality),
					"outputPerMillion": to_json(&p.output_per_million),
					"coversFloor": comparable.then_some(p.output_per_million >= cost.floor_per_million),
				})
			})
			.collect();
	}
	entry
}

impl<C> Rwa<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
{
	/// Calls the runtime at `at` (the best block if none).
	fn call<R>(
		&self,
		at: Option<H256>,
		f: impl FnOnce(&C::Api, H256) -> Result<R, ApiError>,
	) -> RpcResult<R> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		if self.client.number(at).ok().flatten().is_none() {
			return Err(not_found(format!("block {at:?} not found")));
		}
		let api = self.client.runtime_api();
		f(&api, at).map_err(|e| {
			ErrorObjectOwned::owned(RUNTIME, format!("runtime API call failed: {e}"), None::<()>)
		})
	}

	fn ensure_model(&self, id: ModelId, at: Option<H256>) -> RpcResult<()>
	where
		C::Api: PricingApi<Block, Balance, BlockNumber, Model, PriceCard>,
	{
		match self.call(at, |api, at| api.model(at, id))? {
			Some(_) => Ok(()),
			None => Err(not_found(format!("model {id} not found"))),
		}
	}

	fn channels_api_version(&self, at: Option<H256>) -> RpcResult<u32>
	where
		C::Api: ChannelsApi<Block, AccountId, Balance, BlockNumber>,
	{
		let version = self.call(at, |api, at| {
			api.api_version::<dyn ChannelsApi<Block, AccountId, Balance, BlockNumber>>(at)
		})?;
		Ok(version.unwrap_or(0))
	}

	/// Not found for an unknown channel; invalid for a channel without a price card (or a
	/// runtime that has none).
	fn ensure_priced_channel(&self, id: ChannelId, at: Option<H256>) -> RpcResult<()>
	where
		C::Api: ChannelsApi<Block, AccountId, Balance, BlockNumber>,
	{
		if self.call(at, |api, at| api.channel(at, id))?.is_none() {
			return Err(not_found(format!("channel {id} not found")));
		}
		if self.channels_api_version(at)? < 2
			|| self.call(at, |api, at| api.pricing(at, id))?.is_none()
		{
			return Err(invalid(format!("channel {id} is not priced: claim it with `claim`")));
		}
		Ok(())
	}

	/// `block`, or the number of the block `at` (the best block when none).
	fn block_or_at(&self, block: Option<BlockNumber>, at: Option<H256>) -> RpcResult<BlockNumber> {
		if let Some(block) = block {
			return Ok(block);
		}
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		self.client
			.number(at)
			.ok()
			.flatten()
			.ok_or_else(|| not_found(format!("block {at:?} not found")))
	}

	fn ensure_asset(&self, id: AssetId, at: Option<H256>) -> RpcResult<()>
	where
		C::Api: ComputeAssetsApi<Block, AccountId, Asset, Attestation>,
	{
		match self.call(at, |api, at| api.asset(at, id))? {
			Some(_) => Ok(()),
			None => Err(not_found(format!("asset {id} not found"))),
		}
	}
}

/// Every runtime API the `rwa_*` methods call.
pub trait RwaRuntimeApi:
	InstitutionsApi<Block>
	+ ParticipantsApi<Block, AccountId, BlockNumber>
	+ ComplianceApi<Block, AccountId, Balance>
	+ ComputeAssetsApi<Block, AccountId, Asset, Attestation>
	+ MeteringApi<Block, AccountId>
	+ ClaimsApi<Block, AccountId, Balance>
	+ StableValueApi<Block, AccountId, Balance>
	+ SettlementApi<Block, AccountId, Balance, BlockNumber>
	+ MandatesApi<Block, AccountId, Balance, BlockNumber>
	+ ChannelsApi<Block, AccountId, Balance, BlockNumber>
	+ PricingApi<Block, Balance, BlockNumber, Model, PriceCard>
	+ EnergyApi<Block, Balance, BlockNumber, Tariff>
{
}

impl<T> RwaRuntimeApi for T where
	T: InstitutionsApi<Block>
		+ ParticipantsApi<Block, AccountId, BlockNumber>
		+ ComplianceApi<Block, AccountId, Balance>
		+ ComputeAssetsApi<Block, AccountId, Asset, Attestation>
		+ MeteringApi<Block, AccountId>
		+ ClaimsApi<Block, AccountId, Balance>
		+ StableValueApi<Block, AccountId, Balance>
		+ SettlementApi<Block, AccountId, Balance, BlockNumber>
		+ MandatesApi<Block, AccountId, Balance, BlockNumber>
		+ ChannelsApi<Block, AccountId, Balance, BlockNumber>
		+ PricingApi<Block, Balance, BlockNumber, Model, PriceCard>
		+ EnergyApi<Block, Balance, BlockNumber, Tariff>
{
}

impl<C> RwaApiServer for Rwa<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: RwaRuntimeApi,
{
	fn delegates(&self, account: Json, at: Option<H256>) -> RpcResult<Json> {
		let who: AccountId = parse(&account, "account")?;
		Ok(to_json(&self.call(at, |api, at| api.delegates(at, who))?))
	}

	fn multisig_account(
		&self,
		signatories: Json,
		threshold: u16,
		at: Option<H256>,
	) -> RpcResult<Json> {
		let signatories: Vec<AccountId> = parse(&signatories, "signatories")?;
		self.call(at, |api, at| api.multisig_account(at, signatories, threshold))?
			.map(|a| to_json(&a))
			.ok_or_else(|| {
				invalid(
					"a multisig needs two distinct signatories or more and 1 ≤ threshold ≤ \
					 their number",
				)
			})
	}

	fn governance(&self, at: Option<H256>) -> RpcResult<Json> {
		Ok(to_json(&self.call(at, |api, at| api.governance(at))?))
	}

	fn participant(&self, account: Json, at: Option<H256>) -> RpcResult<Json> {
		let who: AccountId = parse(&account, "account")?;
		let view = self.call(at, |api, at| api.participant(at, who.clone()))?;
		found(view, || format!("participant {}", address(&who)))
	}

	fn participants(
		&self,
		role: Option<Json>,
		start: Option<Json>,
		limit: Option<u32>,
		at: Option<H256>,
	) -> RpcResult<Json> {
		let role: Option<Role> = role.map(|r| parse(&r, "role")).transpose()?;
		let start: Option<AccountId> = start.map(|s| parse(&s, "start")).transpose()?;
		let limit = limit_of(limit)?;
		let items = self.call(at, |api, at| api.participants(at, role, start, limit))?;
		Ok(page(items, limit, |p| to_json(&p.account)))
	}

	fn transfer_report(
		&self,
		class: Json,
		from: Json,
		to: Json,
		amount: Json,
		at: Option<H256>,
	) -> RpcResult<Json> {
		let class: AssetClass = parse(&class, "class")?;
		let from: AccountId = parse(&from, "from")?;
		let to: AccountId = parse(&to, "to")?;
		let amount: Balance = parse(&amount, "amount")?;
		let report = self.call(at, |api, at| api.transfer_report(at, class, from, to, amount))?;
		Ok(to_json(&report))
	}

	fn compliance_rules(&self, class: Json, at: Option<H256>) -> RpcResult<Json> {
		let class: AssetClass = parse(&class, "class")?;
		Ok(to_json(&self.call(at, |api, at| api.rules(at, class))?))
	}

	fn trusted_auditors(&self, class: Json, at: Option<H256>) -> RpcResult<Json> {
		let class: AssetClass = parse(&class, "class")?;
		Ok(to_json(&self.call(at, |api, at| api.trusted_auditors(at, class))?))
	}

	fn asset(&self, id: AssetId, at: Option<H256>) -> RpcResult<Json> {
		let mut asset =
			found(self.call(at, |api, at| api.asset(at, id))?, || format!("asset {id}"))?;
		// Runtimes before version 2 of the API do not record activation: the field is absent.
		let versioned = self.call(at, |api, at| {
			api.api_version::<dyn ComputeAssetsApi<Block, AccountId, Asset, Attestation>>(at)
		})?;
		if versioned.is_some_and(|v| v >= 2) {
			let activated = self.call(at, |api, at| api.activated_at(at, id))?;
			asset["activatedAt"] = json!(activated);
		}
		Ok(asset)
	}

	fn assets(
		&self,
		filter: Option<Json>,
		start: Option<AssetId>,
		limit: Option<u32>,
		at: Option<H256>,
	) -> RpcResult<Json> {
		let filter: AssetFilter<AccountId> = match filter {
			None | Some(Json::Null) => AssetFilter::All,
			Some(f) => parse(&f, "filter")?,
		};
		let limit = limit_of(limit)?;
		let items = self.call(at, |api, at| api.assets(at, filter, start.unwrap_or(0), limit))?;
		Ok(page(items, limit, |(id, _)| json!(id + 1)))
	}

	fn attestations(&self, id: AssetId, at: Option<H256>) -> RpcResult<Json> {
		self.ensure_asset(id, at)?;
		let list: Vec<(Attribute, Attestation)> =
			self.call(at, |api, at| api.attestations(at, id))?;
		Ok(to_json(&list))
	}

	fn power_available(&self, id: AssetId, at: Option<H256>) -> RpcResult<Json> {
		self.ensure_asset(id, at)?;
		Ok(to_json(&self.call(at, |api, at| api.power_available(at, id))?))
	}

	fn energy_mix(&self, id: AssetId, at: Option<H256>) -> RpcResult<Json> {
		self.ensure_asset(id, at)?;
		let mix: Vec<(EnergySource, u32)> = self.call(at, |api, at| api.energy_mix(at, id))?;
		Ok(to_json(&mix))
	}

	fn current_epoch(&self, at: Option<H256>) -> RpcResult<Json> {
		Ok(to_json(&self.call(at, |api, at| api.current_epoch(at))?))
	}

	fn meter_operators(&self, asset: AssetId, at: Option<H256>) -> RpcResult<Json> {
		self.ensure_asset(asset, at)?;
		let set = self.call(at, |api, at| api.operators(at, asset))?;
		Ok(match set {
			Some((operators, quorum)) => {
				json!({ "operators": to_json(&operators), "quorum": quorum })
			}
			None => json!({ "operators": [], "quorum": 0 }),
		})
	}

	fn epoch_report(&self, asset: AssetId, epoch: Epoch, at: Option<H256>) -> RpcResult<Json> {
		self.ensure_asset(asset, at)?;
		Ok(to_json(&self.call(at, |api, at| api.epoch_report(at, asset, epoch))?))
	}

	fn epoch_reports(
		&self,
		asset: AssetId,
		start: Option<Epoch>,
		limit: Option<u32>,
		at: Option<H256>,
	) -> RpcResult<Json> {
		self.ensure_asset(asset, at)?;
		let limit = limit_of(limit)?;
		let items =
			self.call(at, |api, at| api.epoch_reports(at, asset, start.unwrap_or(0), limit))?;
		Ok(page(items, limit, |(epoch, _)| json!(epoch + 1)))
	}

	fn verify_usage_record(
		&self,
		asset: AssetId,
		epoch: Epoch,
		leaf: Json,
		proof: Json,
		leaf_index: u32,
		at: Option<H256>,
	) -> RpcResult<Json> {
		let leaf: Vec<u8> = parse(&leaf, "leaf")?;
		let proof: Vec<H256> = parse(&proof, "proof")?;
		let valid = self.call(at, |api, at| {
			api.verify_usage_record(at, asset, epoch, leaf, proof, leaf_index)
		})?;
		Ok(json!(valid))
	}

	fn claim_class(&self, id: ClaimClassId, at: Option<H256>) -> RpcResult<Json> {
		found(self.call(at, |api, at| api.claim_class(at, id))?, || format!("claim class {id}"))
	}

	fn claim_classes(
		&self,
		start: Option<ClaimClassId>,
		limit: Option<u32>,
		at: Option<H256>,
	) -> RpcResult<Json> {
		let limit = limit_of(limit)?;
		let items = self.call(at, |api, at| api.claim_classes(at, start.unwrap_or(0), limit))?;
		Ok(page(items, limit, |c| json!(c.class + 1)))
	}

	fn class_of(&self, asset: AssetId, epoch: Epoch, at: Option<H256>) -> RpcResult<Json> {
		Ok(to_json(&self.call(at, |api, at| api.class_of(at, asset, epoch))?))
	}

	fn mintable(&self, asset: AssetId, epoch: Epoch, at: Option<H256>) -> RpcResult<Json> {
		Ok(to_json(&self.call(at, |api, at| api.mintable(at, asset, epoch))?))
	}

	fn claims_balance(
		&self,
		class: ClaimClassId,
		account: Json,
		at: Option<H256>,
	) -> RpcResult<Json> {
		let who: AccountId = parse(&account, "account")?;
		if self.call(at, |api, at| api.claim_class(at, class))?.is_none() {
			return Err(not_found(format!("claim class {class} not found")));
		}
		Ok(to_json(&self.call(at, |api, at| api.claims_balance(at, class, who))?))
	}

	fn stable_currency(&self, at: Option<H256>) -> RpcResult<Json> {
		Ok(to_json(&self.call(at, |api, at| api.currency(at))?))
	}

	fn stable_balance(&self, account: Json, at: Option<H256>) -> RpcResult<Json> {
		let who: AccountId = parse(&account, "account")?;
		Ok(to_json(&self.call(at, |api, at| api.balance(at, who))?))
	}

	fn issuer(&self, account: Json, at: Option<H256>) -> RpcResult<Json> {
		let who: AccountId = parse(&account, "account")?;
		let issuer = self.call(at, |api, at| api.issuer(at, who.clone()))?;
		let (cap, outstanding) =
			issuer.ok_or_else(|| not_found(format!("issuer {} not found", address(&who))))?;
		Ok(json!({ "cap": to_json(&cap), "outstanding": to_json(&outstanding) }))
	}

	fn order_book(
		&self,
		class: ClaimClassId,
		depth: Option<u32>,
		at: Option<H256>,
	) -> RpcResult<Json> {
		let depth = limit_of(depth.or(Some(10)))
			.map_err(|_| invalid(format!("depth: must be between 1 and {MAX_PAGE}")))?;
		Ok(to_json(&self.call(at, |api, at| api.order_book(at, class, depth))?))
	}

	fn open_orders(
		&self,
		account: Json,
		start: Option<OrderId>,
		limit: Option<u32>,
		at: Option<H256>,
	) -> RpcResult<Json> {
		let who: AccountId = parse(&account, "account")?;
		let limit = limit_of(limit)?;
		let items = self.call(at, |api, at| api.open_orders(at, who, start.unwrap_or(0), limit))?;
		Ok(page(items, limit, |o| json!(o.id + 1)))
	}

	fn order(&self, id: OrderId, at: Option<H256>) -> RpcResult<Json> {
		found(self.call(at, |api, at| api.order(at, id))?, || format!("open order {id}"))
	}

	fn instruction(&self, id: InstructionId, at: Option<H256>) -> RpcResult<Json> {
		found(self.call(at, |api, at| api.instruction(at, id))?, || format!("instruction {id}"))
	}

	fn would_settle(&self, id: InstructionId, at: Option<H256>) -> RpcResult<Json> {
		if self.call(at, |api, at| api.instruction(at, id))?.is_none() {
			return Err(not_found(format!("instruction {id} not found")));
		}
		Ok(match self.call(at, |api, at| api.would_settle(at, id))? {
			Ok(()) => json!({ "settles": true }),
			Err((leg, error)) => {
				json!({ "settles": false, "leg": leg, "error": error_name(error) })
			}
		})
	}

	fn conditional(&self, id: ConditionalId, at: Option<H256>) -> RpcResult<Json> {
		found(self.call(at, |api, at| api.conditional(at, id))?, || {
			format!("conditional payment {id}")
		})
	}

	fn mandate(&self, agent: Json, at: Option<H256>) -> RpcResult<Json> {
		let who: AccountId = parse(&agent, "agent")?;
		let view = self.call(at, |api, at| api.mandate(at, who.clone()))?;
		found(view, || format!("mandate of {}", address(&who)))
	}

	fn pending_approvals(&self, agent: Json, at: Option<H256>) -> RpcResult<Json> {
		let who: AccountId = parse(&agent, "agent")?;
		Ok(to_json(&self.call(at, |api, at| api.pending_approvals(at, who))?))
	}

	fn mandate_alerts(
		&self,
		start: Option<Json>,
		limit: Option<u32>,
		at: Option<H256>,
	) -> RpcResult<Json> {
		let start: Option<AccountId> = start.map(|s| parse(&s, "start")).transpose()?;
		let limit = limit_of(limit)?;
		let items = self.call(at, |api, at| api.alerts(at, start, limit))?;
		Ok(page(items, limit, |m| to_json(&m.agent)))
	}

	fn channel(&self, id: ChannelId, at: Option<H256>) -> RpcResult<Json> {
		let mut channel =
			found(self.call(at, |api, at| api.channel(at, id))?, || format!("channel {id}"))?;
		// Runtimes before version 2 of the API have no priced channels: the field is absent.
		if self.channels_api_version(at)? >= 2 {
			let pricing = self.call(at, |api, at| api.pricing(at, id))?;
			channel["pricing"] = pricing.map_or(Json::Null, |p| to_json(&p));
		}
		Ok(channel)
	}

	fn usage_cost(&self, id: ChannelId, usage: Json, at: Option<H256>) -> RpcResult<Json> {
		let usage: Vec<TokenUsage> = parse(&usage, "usage")?;
		self.ensure_priced_channel(id, at)?;
		match self.call(at, |api, at| api.usage_cost(at, id, usage))? {
			Ok(amount) => Ok(json!({ "amount": to_json(&amount) })),
			Err(e) => Err(invalid(error_name(e))),
		}
	}

	fn priced_voucher_message(
		&self,
		id: ChannelId,
		cumulative: Json,
		usage: Json,
		records_root: Json,
		nonce: u64,
		at: Option<H256>,
	) -> RpcResult<Json> {
		let cumulative: Balance = parse(&cumulative, "cumulative")?;
		let usage: Vec<TokenUsage> = parse(&usage, "usage")?;
		let records_root: [u8; 32] = parse(&records_root, "recordsRoot")?;
		self.ensure_priced_channel(id, at)?;
		let message = self.call(at, |api, at| {
			api.priced_voucher_message(at, id, cumulative, usage, records_root, nonce)
		})?;
		Ok(json!(crate::json::hex(&message)))
	}

	fn voucher_message(
		&self,
		id: ChannelId,
		cumulative: Json,
		nonce: u64,
		at: Option<H256>,
	) -> RpcResult<Json> {
		let cumulative: Balance = parse(&cumulative, "cumulative")?;
		if self.call(at, |api, at| api.channel(at, id))?.is_none() {
			return Err(not_found(format!("channel {id} not found")));
		}
		let message = self.call(at, |api, at| api.voucher_message(at, id, cumulative, nonce))?;
		Ok(json!(crate::json::hex(&message)))
	}

	fn model(&self, id: ModelId, at: Option<H256>) -> RpcResult<Json> {
		found(self.call(at, |api, at| api.model(at, id))?, || format!("model {id}"))
	}

	fn models(
		&self,
		asset: Option<AssetId>,
		start: Option<ModelId>,
		limit: Option<u32>,
		at: Option<H256>,
	) -> RpcResult<Json> {
		let limit = limit_of(limit)?;
		let items = self.call(at, |api, at| api.models(at, asset, start.unwrap_or(0), limit))?;
		Ok(page(items, limit, |(id, _)| json!(id + 1)))
	}

	fn price_cards(
		&self,
		model: ModelId,
		start: Option<CardIndex>,
		limit: Option<u32>,
		at: Option<H256>,
	) -> RpcResult<Json> {
		let limit = limit_of(limit)?;
		self.ensure_model(model, at)?;
		let items = self.call(at, |api, at| api.cards(at, model, start.unwrap_or(0), limit))?;
		Ok(page(items, limit, |(index, _)| json!(index + 1)))
	}

	fn price_card(
		&self,
		model: ModelId,
		block: Option<BlockNumber>,
		at: Option<H256>,
	) -> RpcResult<Json> {
		self.ensure_model(model, at)?;
		let block = self.block_or_at(block, at)?;
		let (index, card) =
			self.call(at, |api, at| api.card_at(at, model, block))?.ok_or_else(|| {
				not_found(format!("model {model} has no price card in force at block {block}"))
			})?;
		let mut card = to_json(&card);
		card["card"] = json!(index);
		Ok(card)
	}

	fn tier_bounds(&self, at: Option<H256>) -> RpcResult<Json> {
		Ok(to_json(&self.call(at, |api, at| api.tier_bounds(at))?))
	}

	fn quote(
		&self,
		model: ModelId,
		usage: Json,
		block: Option<BlockNumber>,
		at: Option<H256>,
	) -> RpcResult<Json> {
		let usage: Vec<TokenUsage> = parse(&usage, "usage")?;
		self.ensure_model(model, at)?;
		let block = self.block_or_at(block, at)?;
		match self.call(at, |api, at| api.quote(at, model, block, usage))? {
			Ok((card, amount)) => Ok(json!({ "card": card, "amount": to_json(&amount) })),
			Err(e) => Err(invalid(error_name(e))),
		}
	}

	fn tariffs(&self, power: AssetId, at: Option<H256>) -> RpcResult<Json> {
		let tariffs = self.call(at, |api, at| api.tariffs(at, power))?;
		let now = self.block_or_at(None, at)?;
		let in_force = self.call(at, |api, at| api.tariff_at(at, power, now))?;
		Ok(json!({
			"items": tariffs.iter().map(to_json).collect::<Vec<_>>(),
			"inForce": in_force.map(|(currency, price)| json!({
				"currency": to_json(&currency),
				"pricePerKwh": to_json(&price),
			})),
		}))
	}

	fn energy_cost(&self, asset: AssetId, epoch: Epoch, at: Option<H256>) -> RpcResult<Json> {
		self.ensure_asset(asset, at)?;
		match self.call(at, |api, at| api.energy_cost(at, asset, epoch))? {
			Ok(cost) => Ok(to_json(&cost)),
			Err(e) => Err(invalid(error_name(e))),
		}
	}

	fn price_floors(
		&self,
		epoch: Epoch,
		start: Option<ModelId>,
		limit: Option<u32>,
		at: Option<H256>,
	) -> RpcResult<Json> {
		let limit = limit_of(limit)?;
		let now = self.block_or_at(None, at)?;
		let models = self.call(at, |api, at| api.models(at, None, start.unwrap_or(0), limit))?;
		let mut items = Vec::with_capacity(models.len());
		for (id, model) in &models {
			let energy = self.call(at, |api, at| api.energy_cost(at, model.asset, epoch))?;
			// The price asked now (at `at`) against what the epoch's energy cost.
			let card = self.call(at, |api, at| api.card_at(at, *id, now))?;
			items.push(price_floor(*id, model, card.as_ref(), energy));
		}
		Ok(json!({
			"items": items,
			"next": (models.len() as u32 == limit).then(|| models.last().map(|(id, _)| id + 1)).flatten(),
		}))
	}
}
