//! Shared types and cross-pallet traits of the compute-asset ledger.
//!
//! No pallet depends on another pallet's crate: they meet here. The participants pallet
//! implements [`ParticipantRegistry`], the compliance pallet implements [`Compliance`],
//! and every pallet that moves value calls [`Compliance::can_transfer`] on every path.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod assets;
pub mod compliance;
pub mod participants;
pub mod pricing;

pub use assets::*;
pub use compliance::*;
pub use participants::*;
pub use pricing::*;
