//! Institutional accounts on the real runtime (every pallet, its real configuration and the
//! development genesis): admission, compliance and mandates apply to the account that acts,
//! whether it acts through a multisig of officers or through a delegated key.
//!
//! * An unadmitted multisig cannot act: the pool refuses its officers' calls, and the same
//!   calls dispatched anyway fail on the multisig account's standing; once the registrar
//!   admits the multisig account, two of three officers move its funds.
//! * A Trading proxy cannot mint stable value for an issuer; a Treasury proxy can.
//! * A mandate's limit holds through the agent's proxy.
//! * Native transfers inside proxy and multisig calls pass the compliance check as transfers
//!   from the account that acts.

use compute_ledger_primitives::{admission_codes, Jurisdiction, Role};
use compute_ledger_runtime::{
	configs::{multisig_account, ProxyType, RuntimeNativeTransfers},
	genesis_config_presets::development_config_genesis,
	AccountId, Balance, Balances, Runtime, RuntimeCall, RuntimeGenesisConfig, RuntimeOrigin,
	StableLedger, System, UNIT,
};
use frame_support::{
	dispatch::GetDispatchInfo, pallet_prelude::TransactionSource, traits::fungible::Inspect,
};
use sp_core::H256;
use sp_keyring::Sr25519Keyring;
use sp_runtime::{
	traits::{Dispatchable, TransactionExtension, TxBaseImplication},
	transaction_validity::{InvalidTransaction, TransactionValidityError},
	BuildStorage, MultiAddress,
};

const EURD: Balance = 1_000_000;

fn who(k: Sr25519Keyring) -> AccountId {
	k.to_account_id()
}

fn raw(n: u8) -> AccountId {
	AccountId::new([n; 32])
}

fn merge(into: &mut serde_json::Value, patch: serde_json::Value) {
	match (into, patch) {
		(serde_json::Value::Object(a), serde_json::Value::Object(b)) => {
			for (k, v) in b {
				merge(a.entry(k).or_insert(serde_json::Value::Null), v);
			}
		}
		(a, b) => *a = b,
	}
}

/// The development chain at block 1.
fn new_chain() -> sp_io::TestExternalities {
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).unwrap();
	merge(&mut config, development_config_genesis());
	let config: RuntimeGenesisConfig = serde_json::from_value(config).unwrap();
	let mut ext = sp_io::TestExternalities::new(config.build_storage().unwrap());
	ext.execute_with(|| System::set_block_number(1));
	ext
}

fn ok(call: impl Into<RuntimeCall>, signer: &AccountId) {
	let call = call.into();
	let r = call.clone().dispatch(RuntimeOrigin::signed(signer.clone()));
	assert!(r.is_ok(), "call {call:?} failed: {r:?}");
}

/// What the transaction pool says of `call` signed by `signer`: the admission check, then
/// the native-transfer compliance check, as the runtime's extension pipeline runs them.
fn pool_verdict(call: &RuntimeCall, signer: &AccountId) -> Result<(), TransactionValidityError> {
	let info = call.get_dispatch_info();
	let origin = RuntimeOrigin::signed(signer.clone());
	let admission = pallet_participants::CheckAdmission::<Runtime>::new();
	let (_, _, origin) = admission.validate(
		origin,
		call,
		&info,
		0,
		(),
		&TxBaseImplication(()),
		TransactionSource::External,
	)?;
	let transfers =
		pallet_compliance::CheckNativeTransfers::<Runtime, RuntimeNativeTransfers>::new();
	transfers.validate(
		origin,
		call,
		&info,
		0,
		(),
		&TxBaseImplication(()),
		TransactionSource::External,
	)?;
	Ok(())
}

fn refused(code: u8) -> Result<(), TransactionValidityError> {
	Err(InvalidTransaction::Custom(code).into())
}

fn native(dest: &AccountId, value: Balance) -> RuntimeCall {
	pallet_balances::Call::transfer_keep_alive { dest: MultiAddress::Id(dest.clone()), value }
		.into()
}

fn admit(account: &AccountId, roles: &[Role]) {
	ok(
		pallet_participants::Call::admit {
			who: account.clone(),
			roles: roles.iter().copied().into(),
			jurisdiction: Jurisdiction(*b"DE"),
			kyc_expiry: 1_000_000,
		},
		&who(Sr25519Keyring::Alice),
	);
}

fn fund(account: &AccountId, value: Balance) {
	ok(native(account, value), &who(Sr25519Keyring::Alice));
}

/// The signatories other than `me`, sorted, as pallet-multisig expects them.
fn others(officers: &[AccountId], me: &AccountId) -> Vec<AccountId> {
	let mut v: Vec<_> = officers.iter().filter(|o| *o != me).cloned().collect();
	v.sort();
	v
}

fn as_multi(officers: &[AccountId], me: &AccountId, first: bool, call: RuntimeCall) -> RuntimeCall {
	let max_weight = call.get_dispatch_info().call_weight;
	pallet_multisig::Call::as_multi {
		threshold: 2,
		other_signatories: others(officers, me),
		maybe_timepoint: (!first).then(pallet_multisig::Pallet::<Runtime>::timepoint),
		call: Box::new(call),
		max_weight,
	}
	.into()
}

fn proxy(real: &AccountId, call: RuntimeCall) -> RuntimeCall {
	pallet_proxy::Call::proxy {
		real: MultiAddress::Id(real.clone()),
		force_proxy_type: None,
		call: Box::new(call),
	}
	.into()
}

/// The result the proxied call had, from the last `ProxyExecuted` event.
fn proxied_result() -> sp_runtime::DispatchResult {
	System::events()
		.into_iter()
		.rev()
		.find_map(|r| match r.event {
			compute_ledger_runtime::RuntimeEvent::Proxy(pallet_proxy::Event::ProxyExecuted {
				result,
			}) => Some(result),
			_ => None,
		})
		.expect("the proxy call ran")
}

#[test]
fn an_unadmitted_multisig_cannot_act_and_an_admitted_one_acts_by_its_threshold() {
	new_chain().execute_with(|| {
		let officers = [raw(1), raw(2), raw(3)];
		let bank = multisig_account(&officers[0], &others(&officers, &officers[0]), 2);
		for o in &officers {
			fund(o, 10 * UNIT);
		}
		fund(&bank, 100 * UNIT);
		let bob = who(Sr25519Keyring::Bob);
		let pay_bob = native(&bob, 5 * UNIT);

		// Not admitted: the pool refuses each officer's call on the multisig's standing.
		let call = as_multi(&officers, &officers[0], true, pay_bob.clone());
		assert_eq!(pool_verdict(&call, &officers[0]), refused(admission_codes::NOT_ADMITTED));
		let approve: RuntimeCall = pallet_multisig::Call::approve_as_multi {
			threshold: 2,
			other_signatories: others(&officers, &officers[0]),
			maybe_timepoint: None,
			call_hash: [0; 32],
			max_weight: Default::default(),
		}
		.into();
		assert_eq!(pool_verdict(&approve, &officers[0]), refused(admission_codes::NOT_ADMITTED));
		// Dispatched anyway, the multisig account holds no role: it cannot issue stable value.
		let mint: RuntimeCall =
			pallet_stable_value::Call::mint { amount: EURD, reserve_proof: H256::zero() }.into();
		let alone: RuntimeCall = pallet_multisig::Call::as_multi_threshold_1 {
			other_signatories: others(&officers, &officers[0]),
			call: Box::new(mint),
		}
		.into();
		assert!(alone.dispatch(RuntimeOrigin::signed(officers[0].clone())).is_err());

		// Admitted (a Trader), the multisig is one participant: its officers' keys are not.
		admit(&bank, &[Role::Trader]);
		assert_eq!(pool_verdict(&call, &officers[0]), Ok(()));
		assert_eq!(pool_verdict(&pay_bob, &officers[0]), refused(admission_codes::NOT_ADMITTED));
		// An outsider naming two officers derives another account, which nobody admitted.
		let outsider = raw(9);
		let fake = as_multi(&[raw(9), raw(2), raw(3)], &outsider, true, pay_bob.clone());
		assert_eq!(pool_verdict(&fake, &outsider), refused(admission_codes::NOT_ADMITTED));

		// One officer's approval moves nothing; the second executes the transfer.
		let bob_before = Balances::free_balance(&bob);
		ok(call, &officers[0]);
		assert_eq!(Balances::free_balance(&bob), bob_before);
		ok(as_multi(&officers, &officers[1], false, pay_bob), &officers[1]);
		assert_eq!(Balances::free_balance(&bob), bob_before + 5 * UNIT);

		// The native transfer inside is checked as the multisig's: to an account that was
		// never admitted, the pool refuses it (the receiver is not an active participant).
		let to_outsider = as_multi(&officers, &officers[0], true, native(&outsider, UNIT));
		assert!(matches!(
			pool_verdict(&to_outsider, &officers[0]),
			Err(TransactionValidityError::Invalid(InvalidTransaction::Custom(_)))
		));
	});
}

#[test]
fn a_trading_proxy_cannot_mint_stable_value_and_a_treasury_proxy_can() {
	new_chain().execute_with(|| {
		let issuer = who(Sr25519Keyring::Eve);
		let (trading_key, treasury_key, stranger) = (raw(11), raw(12), raw(13));
		for (key, proxy_type) in
			[(&trading_key, ProxyType::Trading), (&treasury_key, ProxyType::Treasury)]
		{
			ok(
				pallet_proxy::Call::add_proxy {
					delegate: MultiAddress::Id(key.clone()),
					proxy_type,
					delay: 0,
				},
				&issuer,
			);
		}
		let mint = || -> RuntimeCall {
			pallet_stable_value::Call::mint { amount: 1_000 * EURD, reserve_proof: H256::zero() }
				.into()
		};
		let issued = || <StableLedger as Inspect<AccountId>>::total_issuance();
		let before = issued();

		// The pool: a Trading key may not mint, a stranger is nobody's delegate.
		let by_proxy = proxy(&issuer, mint());
		assert_eq!(pool_verdict(&by_proxy, &trading_key), refused(admission_codes::NOT_A_DELEGATE));
		assert_eq!(pool_verdict(&by_proxy, &stranger), refused(admission_codes::NOT_A_DELEGATE));
		assert_eq!(pool_verdict(&by_proxy, &treasury_key), Ok(()));

		// Dispatched anyway, the proxy pallet filters the call: nothing is minted.
		ok(by_proxy.clone(), &trading_key);
		assert_eq!(proxied_result(), Err(frame_system::Error::<Runtime>::CallFiltered.into()));
		assert_eq!(issued(), before);
		assert!(by_proxy.clone().dispatch(RuntimeOrigin::signed(stranger)).is_err());

		// The Treasury key mints for the issuer, under the issuer's own role.
		ok(by_proxy, &treasury_key);
		assert_eq!(proxied_result(), Ok(()));
		assert_eq!(issued(), before + 1_000 * EURD);
	});
}

#[test]
fn a_mandate_limit_holds_through_the_agents_proxy() {
	new_chain().execute_with(|| {
		let (agent, key) = (raw(21), raw(22));
		let (dave, eve, bob) =
			(who(Sr25519Keyring::Dave), who(Sr25519Keyring::Eve), who(Sr25519Keyring::Bob));
		admit(&agent, &[Role::Agent]);
		fund(&agent, 10 * UNIT);
		ok(
			pallet_stable_value::Call::mint { amount: 10_000 * EURD, reserve_proof: H256::zero() },
			&eve,
		);
		ok(pallet_stable_value::Call::transfer { to: agent.clone(), amount: 10_000 * EURD }, &eve);
		let terms = pallet_mandates::MandateTerms::<Runtime> {
			per_payment: 50 * EURD,
			per_period: 200 * EURD,
			period: 10,
			total_cap: 500 * EURD,
			payees: Default::default(),
			classes: Default::default(),
			expires_at: 1_000_000,
			approval_threshold: None,
			velocity: None,
			size: None,
		};
		ok(pallet_mandates::Call::grant_mandate { agent: agent.clone(), terms }, &dave);
		ok(
			pallet_proxy::Call::add_proxy {
				delegate: MultiAddress::Id(key.clone()),
				proxy_type: ProxyType::Trading,
				delay: 0,
			},
			&agent,
		);
		let stable = |a: &AccountId| StableLedger::total_balance(a);
		let pay =
			|amount| proxy(&agent, pallet_mandates::Call::pay { to: bob.clone(), amount }.into());

		// Within the per-payment limit of Dave's mandate, the key pays for the agent.
		let (agent_before, bob_before) = (stable(&agent), stable(&bob));
		assert_eq!(pool_verdict(&pay(40 * EURD), &key), Ok(()));
		ok(pay(40 * EURD), &key);
		assert_eq!(proxied_result(), Ok(()));
		assert_eq!(
			(stable(&agent), stable(&bob)),
			(agent_before - 40 * EURD, bob_before + 40 * EURD)
		);

		// Above it, the mandate refuses through the proxy exactly as it would directly.
		ok(pay(60 * EURD), &key);
		let direct = pallet_mandates::Call::<Runtime>::pay { to: bob.clone(), amount: 60 * EURD };
		let direct_err = RuntimeCall::from(direct)
			.dispatch(RuntimeOrigin::signed(agent.clone()))
			.unwrap_err()
			.error;
		assert_eq!(proxied_result(), Err(direct_err));
		assert_eq!(
			(stable(&agent), stable(&bob)),
			(agent_before - 40 * EURD, bob_before + 40 * EURD)
		);
	});
}

/// The regulator is a body of its own: its member (`//One` on the dev chain, not a
/// participant and not on the council) freezes by motion, and the freeze lapses after a day
/// unless the council confirms it. The regulator governs nothing else.
#[test]
fn the_regulator_body_freezes_by_motion_and_the_council_confirms() {
	use frame_support::traits::Hooks;
	new_chain().execute_with(|| {
		let regulator = who(Sr25519Keyring::One);
		let dave = who(Sr25519Keyring::Dave);
		let motion = |proposal: RuntimeCall| -> RuntimeCall {
			let length_bound = codec::Encode::encoded_size(&proposal) as u32;
			pallet_collective::Call::<Runtime, pallet_collective::Instance2>::propose {
				threshold: 1,
				proposal: Box::new(proposal),
				length_bound,
			}
			.into()
		};
		let executed = || {
			System::events()
				.into_iter()
				.rev()
				.find_map(|r| match r.event {
					compute_ledger_runtime::RuntimeEvent::Regulators(
						pallet_collective::Event::Executed { result, .. },
					) => Some(result),
					_ => None,
				})
				.expect("the motion executed")
		};

		// Not a participant, yet the pool admits the regulator's own business.
		let freeze =
			motion(pallet_participants::Call::freeze { who: dave.clone(), reason: 4 }.into());
		assert_eq!(pool_verdict(&freeze, &regulator), Ok(()));
		assert_eq!(
			pool_verdict(&native(&dave, UNIT), &regulator),
			refused(admission_codes::NOT_ADMITTED)
		);
		ok(freeze, &regulator);
		assert_eq!(executed(), Ok(()));
		assert!(pallet_participants::Frozen::<Runtime>::contains_key(&dave));

		// It governs nothing else: no upgrades, no membership, no confirmation of its own acts.
		for proposal in [
			RuntimeCall::from(pallet_operations::Call::authorize_upgrade {
				code_hash: H256::repeat_byte(1),
			}),
			pallet_participants::Call::confirm_freeze { who: dave.clone() }.into(),
		] {
			ok(motion(proposal), &regulator);
			assert_eq!(executed(), Err(sp_runtime::DispatchError::BadOrigin));
		}
		// A council member is not a regulator.
		assert!(motion(pallet_participants::Call::unfreeze { who: dave.clone() }.into())
			.dispatch(RuntimeOrigin::signed(who(Sr25519Keyring::Bob)))
			.is_err());

		// Unconfirmed, the freeze lapses after a day of blocks.
		let lapses_at = pallet_participants::Unconfirmed::<Runtime>::get(&dave).unwrap();
		assert_eq!(lapses_at, 1 + compute_ledger_runtime::DAYS);
		compute_ledger_runtime::Participants::on_initialize(lapses_at);
		assert!(!pallet_participants::Frozen::<Runtime>::contains_key(&dave));

		// Frozen again and confirmed by governance, it stands.
		ok(
			motion(pallet_participants::Call::freeze { who: dave.clone(), reason: 4 }.into()),
			&regulator,
		);
		let confirm = pallet_participants::Call::<Runtime>::confirm_freeze { who: dave.clone() };
		assert!(RuntimeCall::from(confirm).dispatch(RuntimeOrigin::root()).is_ok());
		compute_ledger_runtime::Participants::on_initialize(
			lapses_at + compute_ledger_runtime::DAYS,
		);
		assert!(pallet_participants::Frozen::<Runtime>::contains_key(&dave));
	});
}

/// Safe mode: the regulator stops the whole chain for a day; governance, upgrades and the
/// clock keep running; only the council lifts it early.
#[test]
fn the_regulator_stops_the_chain_and_only_the_council_lifts_it() {
	new_chain().execute_with(|| {
		let (regulator, alice, dave) =
			(who(Sr25519Keyring::One), who(Sr25519Keyring::Alice), who(Sr25519Keyring::Dave));
		let regulators = |proposal: RuntimeCall| -> RuntimeCall {
			let length_bound = codec::Encode::encoded_size(&proposal) as u32;
			pallet_collective::Call::<Runtime, pallet_collective::Instance2>::propose {
				threshold: 1,
				proposal: Box::new(proposal),
				length_bound,
			}
			.into()
		};
		let transfer = || native(&dave, UNIT);
		assert!(transfer().dispatch(RuntimeOrigin::signed(alice.clone())).is_ok());

		ok(regulators(pallet_safe_mode::Call::force_enter {}.into()), &regulator);
		assert!(pallet_safe_mode::EnteredUntil::<Runtime>::get()
			.is_some_and(|until| until == 1 + compute_ledger_runtime::DAYS));
		let filtered: sp_runtime::DispatchError =
			frame_system::Error::<Runtime>::CallFiltered.into();
		assert_eq!(
			transfer().dispatch(RuntimeOrigin::signed(alice.clone())).unwrap_err().error,
			filtered
		);
		let order: RuntimeCall =
			pallet_stable_value::Call::transfer { to: dave.clone(), amount: 1 }.into();
		assert_eq!(
			order.dispatch(RuntimeOrigin::signed(alice.clone())).unwrap_err().error,
			filtered
		);

		// Governance still works: the regulator cannot lift the stop, the council can.
		ok(regulators(pallet_safe_mode::Call::force_exit {}.into()), &regulator);
		assert!(
			pallet_safe_mode::EnteredUntil::<Runtime>::get().is_some(),
			"not the regulator's to lift"
		);
		let exit: RuntimeCall = pallet_safe_mode::Call::force_exit {}.into();
		assert!(exit.dispatch(RuntimeOrigin::root()).is_ok());
		assert!(pallet_safe_mode::EnteredUntil::<Runtime>::get().is_none());
		assert!(transfer().dispatch(RuntimeOrigin::signed(alice)).is_ok());
	});
}
