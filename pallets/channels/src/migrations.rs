//! Storage migrations of the channels pallet, each run once by the runtime's `Executive`.

/// Version 1: a channel carries its pricing (`None` for every channel opened before).
pub mod v1 {
	use crate::{pallet::*, Channel, ChannelStatus};
	use codec::{Decode, Encode};
	use core::marker::PhantomData;
	use frame_support::{
		migrations::VersionedMigration,
		traits::{Get, UncheckedOnRuntimeUpgrade},
		weights::Weight,
	};
	use frame_system::pallet_prelude::BlockNumberFor;

	/// A channel as version 0 stored it.
	#[derive(Encode, Decode)]
	pub struct ChannelV0<AccountId, Balance, BlockNumber> {
		pub agent: AccountId,
		pub provider: AccountId,
		pub deposit: Balance,
		pub claimed: Balance,
		pub nonce: u64,
		pub status: ChannelStatus<BlockNumber>,
		pub opened_at: BlockNumber,
	}

	type OldChannel<T> = ChannelV0<
		<T as frame_system::Config>::AccountId,
		<T as Config>::Balance,
		BlockNumberFor<T>,
	>;

	/// Rewrites every channel with no pricing: one read and one write per open channel.
	pub struct AddPricing<T>(PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for AddPricing<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut count = 0u64;
			Channels::<T>::translate::<OldChannel<T>, _>(|_, old| {
				count += 1;
				Some(Channel {
					agent: old.agent,
					provider: old.provider,
					deposit: old.deposit,
					claimed: old.claimed,
					nonce: old.nonce,
					status: old.status,
					opened_at: old.opened_at,
					pricing: None,
				})
			});
			T::DbWeight::get().reads_writes(count, count)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
			Ok((Channels::<T>::iter_keys().count() as u64).encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let before = u64::decode(&mut &state[..]).map_err(|_| "pre-upgrade state")?;
			let after = Channels::<T>::iter_values().filter(|c| c.pricing.is_none()).count();
			frame_support::ensure!(before == after as u64, "channels lost in the migration");
			Ok(())
		}
	}

	/// [`AddPricing`] from on-chain version 0 to 1.
	pub type MigrateV0ToV1<T> =
		VersionedMigration<0, 1, AddPricing<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
}
