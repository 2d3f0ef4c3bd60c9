//! Forced recovery of a lost account's compute and power assets, one link of the runtime's
//! `Recovery` chain: ownership moves whole, with the power links, offers, attestations and
//! metering of each asset unchanged (they belong to the asset, not to its owner).

use crate::{
	pallet::{Assets, AssetsByOwner, Config, Error, Event, Pallet},
	WeightInfo,
};
use compute_ledger_primitives::{ParticipantRegistry, RecoverHoldings, Role};
use frame_support::{dispatch::DispatchResult, ensure, traits::Get, weights::Weight};

impl<T: Config> RecoverHoldings<T::AccountId> for Pallet<T> {
	fn recover(lost: &T::AccountId, new: &T::AccountId) -> DispatchResult {
		let owned = AssetsByOwner::<T>::get(lost);
		if owned.is_empty() {
			return Ok(());
		}
		// The new owner must be able to run the assets it receives.
		T::Participants::ensure_role(new, Role::AssetOwner)?;
		let mut list = AssetsByOwner::<T>::get(new);
		for asset in owned.iter() {
			list.try_push(*asset).map_err(|_| Error::<T>::TooManyAssets)?;
		}
		for asset in owned.iter() {
			let mut record = Assets::<T>::get(asset).ok_or(Error::<T>::UnknownAsset)?;
			ensure!(&record.owner == lost, Error::<T>::NotAssetOwner);
			record.owner = new.clone();
			Assets::<T>::insert(asset, record);
			Self::deposit_event(Event::OwnershipTransferred {
				asset: *asset,
				from: lost.clone(),
				to: new.clone(),
			});
		}
		AssetsByOwner::<T>::insert(new, list);
		AssetsByOwner::<T>::remove(lost);
		Ok(())
	}

	/// Every asset an owner may hold, each at most what a transfer of ownership weighs.
	fn max_weight() -> Weight {
		T::WeightInfo::transfer_ownership().saturating_mul(u64::from(T::MaxAssetsPerOwner::get()))
	}
}
