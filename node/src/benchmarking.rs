//! What `benchmark overhead` needs from the node: signed extrinsics of this runtime (its own
//! transaction extensions, which a generic builder does not know).

use codec::Encode;
use compute_ledger_runtime::{self as runtime, RuntimeCall, SystemCall, UncheckedExtrinsic};
use frame_benchmarking_cli::ExtrinsicBuilder;
use sp_core::{crypto::Pair, sr25519, H256};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{generic::Era, OpaqueExtrinsic, SaturatedConversion};

/// Builds `System::remark` extrinsics signed by Alice (admitted in the `development` preset),
/// the NO-OP whose cost `benchmark overhead` measures as `ExtrinsicBaseWeight`.
pub struct RemarkBuilder {
	genesis: H256,
}

impl RemarkBuilder {
	pub fn new(genesis: H256) -> Self {
		Self { genesis }
	}
}

impl ExtrinsicBuilder for RemarkBuilder {
	fn pallet(&self) -> &str {
		"system"
	}

	fn extrinsic(&self) -> &str {
		"remark"
	}

	fn build(&self, nonce: u32) -> Result<OpaqueExtrinsic, &'static str> {
		let call = RuntimeCall::System(SystemCall::remark { remark: vec![] });
		Ok(signed(Sr25519Keyring::Alice.pair(), call, nonce, self.genesis).into())
	}
}

/// A signed extrinsic of this runtime, immortal, with no tip.
pub fn signed(
	sender: sr25519::Pair,
	call: RuntimeCall,
	nonce: u32,
	genesis: H256,
) -> UncheckedExtrinsic {
	let extension: runtime::TxExtension = (
		frame_system::CheckNonZeroSender::new(),
		pallet_participants::CheckAdmission::new(),
		pallet_compliance::CheckNativeTransfers::new(),
		frame_system::CheckSpecVersion::new(),
		frame_system::CheckTxVersion::new(),
		frame_system::CheckGenesis::new(),
		frame_system::CheckEra::from(Era::Immortal),
		frame_system::CheckNonce::from(nonce.saturated_into()),
		frame_system::CheckWeight::new(),
		pallet_transaction_payment::ChargeTransactionPayment::from(0),
	);
	let implicit = (
		(),
		(),
		(),
		runtime::VERSION.spec_version,
		runtime::VERSION.transaction_version,
		genesis,
		genesis,
		(),
		(),
		(),
	);
	let payload = runtime::SignedPayload::from_raw(call.clone(), extension.clone(), implicit);
	let signature = payload.using_encoded(|bytes| sender.sign(bytes));
	UncheckedExtrinsic::new_signed(
		call,
		sp_runtime::AccountId32::from(sender.public()).into(),
		runtime::Signature::Sr25519(signature),
		extension,
	)
}
