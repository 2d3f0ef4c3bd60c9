//! Shared types and cross-pallet traits of the compute-asset ledger.
#![cfg_attr(not(feature = "std"), no_std)]
