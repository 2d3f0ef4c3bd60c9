//! The registry as metering and claims see it, and the queries of the runtime API.

use crate::{pallet::*, types::*};
use alloc::{collections::BTreeMap, vec::Vec};
use compute_ledger_primitives::{
	AssetId, AssetStatus, ComputeAssetInspect, EnergySource, Jurisdiction, PowerAssetInspect,
};
use sp_runtime::traits::UniqueSaturatedInto;

impl<T: Config> ComputeAssetInspect<T::AccountId> for Pallet<T> {
	fn compute_owner(asset: AssetId) -> Option<T::AccountId> {
		Assets::<T>::get(asset).filter(|a| a.is_compute()).map(|a| a.owner)
	}

	fn is_active_compute(asset: AssetId) -> bool {
		Assets::<T>::get(asset).is_some_and(|a| a.is_compute() && a.status == AssetStatus::Active)
	}

	fn gpu_hours_per_epoch(asset: AssetId) -> Option<u64> {
		match Assets::<T>::get(asset)?.details {
			AssetDetails::Compute { gpu_hours_per_epoch, .. } => Some(gpu_hours_per_epoch),
			AssetDetails::Power { .. } => None,
		}
	}

	fn gpu_count(asset: AssetId) -> Option<u32> {
		match Assets::<T>::get(asset)?.details {
			AssetDetails::Compute { gpu_count, .. } => Some(gpu_count),
			AssetDetails::Power { .. } => None,
		}
	}

	fn activated_at(asset: AssetId) -> Option<u64> {
		ActivatedAt::<T>::get(asset).map(|n| n.unique_saturated_into())
	}

	fn energy_mix(asset: AssetId) -> Vec<(EnergySource, u32)> {
		let Some(AssetDetails::Compute { power_links, .. }) =
			Assets::<T>::get(asset).map(|a| a.details)
		else {
			return Vec::new();
		};
		let mut mix: BTreeMap<EnergySource, u32> = BTreeMap::new();
		for link in power_links {
			if let Some(AssetDetails::Power { source, .. }) =
				Assets::<T>::get(link.power_asset).map(|a| a.details)
			{
				*mix.entry(source).or_default() += link.kw;
			}
		}
		mix.into_iter().collect()
	}

	fn power_supply(asset: AssetId) -> Vec<(AssetId, u32)> {
		match Assets::<T>::get(asset).map(|a| a.details) {
			Some(AssetDetails::Compute { power_links, .. }) => {
				power_links.iter().map(|l| (l.power_asset, l.kw)).collect()
			}
			_ => Vec::new(),
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn active_asset_for_benchmarks(owner: &T::AccountId) -> AssetId {
		use compute_ledger_primitives::{ParticipantRegistry, Role};
		let name: NameOf<T> = alloc::vec![b'b'; 8].try_into().expect("MaxNameLen >= 8");
		let here = Jurisdiction(*b"CH");
		// Add the AssetOwner role to whatever roles the caller's benchmark gave the owner.
		let mut roles = T::Participants::roles(owner);
		roles.insert(Role::AssetOwner);
		T::Participants::admit_for_benchmarks(owner, roles, here);
		let compute = NextAssetId::<T>::get();
		Self::do_register_compute(owner.clone(), name.clone(), 8, 1_000_000, name.clone(), here)
			.expect("benchmark owner may register");
		let power = NextAssetId::<T>::get();
		Self::do_register_power(
			owner.clone(),
			1_000_000,
			1_000_000,
			EnergySource::Solar,
			name.clone(),
			name,
			here,
		)
		.expect("benchmark owner may register");
		Assets::<T>::mutate(power, |a| {
			if let Some(a) = a {
				a.status = AssetStatus::Active;
			}
		});
		ActivatedAt::<T>::insert(power, frame_system::Pallet::<T>::block_number());
		Self::do_allocate_power(owner.clone(), power, compute, 1_000_000)
			.expect("capacity suffices");
		Assets::<T>::mutate(compute, |a| {
			if let Some(a) = a {
				a.status = AssetStatus::Active;
			}
		});
		ActivatedAt::<T>::insert(compute, frame_system::Pallet::<T>::block_number());
		compute
	}
}

impl<T: Config> PowerAssetInspect<T::AccountId> for Pallet<T> {
	fn power_owner(asset: AssetId) -> Option<T::AccountId> {
		Assets::<T>::get(asset)
			.filter(|a| !a.is_compute() && a.status != AssetStatus::Retired)
			.map(|a| a.owner)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn power_asset_for_benchmarks(owner: &T::AccountId) -> AssetId {
		use compute_ledger_primitives::{ParticipantRegistry, Role};
		let name: NameOf<T> = alloc::vec![b'p'; 8].try_into().expect("MaxNameLen >= 8");
		let here = Jurisdiction(*b"CH");
		let mut roles = T::Participants::roles(owner);
		roles.insert(Role::AssetOwner);
		T::Participants::admit_for_benchmarks(owner, roles, here);
		let power = NextAssetId::<T>::get();
		Self::do_register_power(
			owner.clone(),
			1_000_000,
			1_000_000,
			EnergySource::Solar,
			name.clone(),
			name,
			here,
		)
		.expect("benchmark owner may register");
		power
	}
}

/// Which assets a query selects.
#[derive(codec::Encode, codec::Decode, scale_info::TypeInfo, Clone, PartialEq, Eq, Debug)]
pub enum AssetFilter<AccountId> {
	All,
	Owner(AccountId),
	Jurisdiction(Jurisdiction),
	/// Power assets in this grid region.
	GridRegion(Vec<u8>),
	/// Power assets with this energy source.
	EnergySource(EnergySource),
}

impl<T: Config> Pallet<T> {
	/// Assets the filter selects, in id order, `limit` of them from the first id ≥ `start`.
	pub fn query_assets(
		filter: AssetFilter<T::AccountId>,
		start: AssetId,
		limit: u32,
	) -> Vec<(AssetId, Asset<T>)> {
		let matches = |a: &Asset<T>| match &filter {
			AssetFilter::All => true,
			AssetFilter::Owner(who) => &a.owner == who,
			AssetFilter::Jurisdiction(j) => &a.jurisdiction == j,
			AssetFilter::GridRegion(r) => {
				matches!(&a.details, AssetDetails::Power { grid_region, .. } if grid_region.as_slice() == r.as_slice())
			}
			AssetFilter::EnergySource(s) => {
				matches!(&a.details, AssetDetails::Power { source, .. } if source == s)
			}
		};
		let end = NextAssetId::<T>::get();
		(start..end)
			.filter_map(|id| Assets::<T>::get(id).map(|a| (id, a)))
			.filter(|(_, a)| matches(a))
			.take(limit as usize)
			.collect()
	}

	/// kW of a power asset not yet allocated.
	pub fn power_available(asset: AssetId) -> Option<u32> {
		match Assets::<T>::get(asset)?.details {
			AssetDetails::Power { capacity_kw, allocated_kw, .. } => {
				Some(capacity_kw.saturating_sub(allocated_kw))
			}
			AssetDetails::Compute { .. } => None,
		}
	}
}

/// The chain's epoch length, for pallets configured with a `Get` (metering).
pub struct EpochLengthOf<T>(core::marker::PhantomData<T>);
impl<T: Config> frame_support::traits::Get<frame_system::pallet_prelude::BlockNumberFor<T>>
	for EpochLengthOf<T>
{
	fn get() -> frame_system::pallet_prelude::BlockNumberFor<T> {
		EpochLength::<T>::get()
	}
}
