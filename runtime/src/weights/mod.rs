//! Weights of the FRAME pallets and of the block and extrinsic overhead, measured on this
//! machine by `scripts/bench-weights.sh` (our own pallets keep theirs in `pallets/*/src/`).
//! Not measured here: `pallet_assets` (the claim ledger, moved only through `pallet_claims`,
//! whose benchmarks include it), `pallet_session` (its benchmarks need a staking pallet) and
//! the consensus pallets (no user calls).

pub mod block_weights;
pub mod extrinsic_weights;
pub mod frame_system;
pub mod pallet_balances;
pub mod pallet_collective;
pub mod pallet_multisig;
pub mod pallet_proxy;
pub mod pallet_safe_mode;
pub mod pallet_sudo;
pub mod pallet_timestamp;
pub mod pallet_transaction_payment;
pub mod pallet_tx_pause;
pub mod pallet_utility;
// The generator documents the fields of a struct expression.
#[allow(unused_doc_comments)]
pub mod paritydb_weights;
