//! Runtime API: meter reports, their status and derived figures, and inclusion proofs.

use crate::types::EpochReportView;
use alloc::vec::Vec;
use codec::Codec;
use compute_ledger_primitives::{AssetId, Epoch};
use sp_core::H256;

sp_api::decl_runtime_apis! {
	pub trait MeteringApi<AccountId>
	where
		AccountId: Codec,
	{
		/// The epoch the chain is in now; reports are accepted for earlier epochs.
		fn current_epoch() -> Epoch;
		/// The operators bound to an asset and the quorum.
		fn operators(asset: AssetId) -> Option<(Vec<AccountId>, u32)>;
		/// The metering of (asset, epoch) with derived figures.
		fn epoch_report(asset: AssetId, epoch: Epoch) -> EpochReportView;
		/// The epochs of `asset` with any metering from `start` on, at most `limit` (≤ 100).
		fn epoch_reports(asset: AssetId, start: Epoch, limit: u32) -> Vec<(Epoch, EpochReportView)>;
		/// Whether `leaf` is usage record `leaf_index` of the agreed report, given its proof.
		fn verify_usage_record(
			asset: AssetId,
			epoch: Epoch,
			leaf: Vec<u8>,
			proof: Vec<H256>,
			leaf_index: u32,
		) -> bool;
	}
}
