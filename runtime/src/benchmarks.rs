//! The pallets whose weights `scripts/bench-weights.sh` measures.

use super::Runtime;

impl frame_system_benchmarking::Config for Runtime {}
impl pallet_transaction_payment::BenchmarkConfig for Runtime {}

frame_benchmarking::define_benchmarks!(
	[frame_system, SystemBench::<Runtime>]
	[pallet_balances, Balances]
	[pallet_transaction_payment, TransactionPayment]
	[pallet_timestamp, Timestamp]
	[pallet_utility, Utility]
	[pallet_proxy, Proxy]
	[pallet_multisig, Multisig]
	[pallet_sudo, Sudo]
	[pallet_tx_pause, TxPause]
	[pallet_safe_mode, SafeMode]
	[pallet_collective, Council]
	[pallet_participants, Participants]
	[pallet_compliance, Compliance]
	[pallet_compute_assets, ComputeAssets]
	[pallet_metering, Metering]
	[pallet_claims, Claims]
	[pallet_stable_value, StableValue]
	[pallet_settlement, Settlement]
	[pallet_mandates, Mandates]
	[pallet_channels, Channels]
	[pallet_pricing, Pricing]
	[pallet_energy, Energy]
	[pallet_validators, Validators]
	[pallet_operations, Operations]
);
