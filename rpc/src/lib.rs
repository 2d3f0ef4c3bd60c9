//! The `rwa_*` JSON-RPC methods: every domain query a wallet, explorer or back office needs
//! before signing, one call away and readable as JSON.
//!
//! Each method wraps one runtime API call at a block (the best block unless `at` names
//! one), so answers come from the on-chain logic itself, never from a copy of it here.
//! Values are rendered by [`json`]'s rules (SS58 accounts, 128-bit amounts as strings, enums
//! by name); lists are paged as `{"items": [...], "next": <cursor or null>}`.
//! `docs/rpc.md` lists every method with an example that a test checks against a node.

mod json;
mod server;

pub use json::{from_json, to_json, MAX_SAFE_INTEGER};
pub use server::{Rwa, RwaApiServer, RwaRuntimeApi};

/// JSON-RPC error codes of the `rwa_*` methods.
pub mod error {
	/// A parameter is malformed or out of range (the JSON-RPC standard code).
	pub const INVALID_PARAMS: i32 = -32602;
	/// The id, account or block asked about does not exist.
	pub const NOT_FOUND: i32 = 4004;
	/// The runtime could not answer (for example an unknown or pruned block).
	pub const RUNTIME: i32 = 5000;
	/// Most items one page holds; also the default is smaller.
	pub const MAX_PAGE: u32 = 100;
	/// Items a page holds when no limit is given.
	pub const DEFAULT_PAGE: u32 = 20;
}
