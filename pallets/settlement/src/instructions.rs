//! Instructions: legs, affirmations with escrow, atomic settlement, failure and retry.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use compute_ledger_primitives::{AgentSpending, ClaimEscrow, Spend};
use frame_support::{
	ensure,
	pallet_prelude::*,
	storage::{with_storage_layer, with_transaction, TransactionOutcome},
	BoundedVec,
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::Zero;

impl<T: Config> Pallet<T> {
	fn senders(instruction: &Instruction<T>) -> Vec<T::AccountId> {
		let mut out: Vec<T::AccountId> = Vec::new();
		for leg in &instruction.legs {
			if !out.contains(&leg.from) {
				out.push(leg.from.clone());
			}
		}
		out
	}

	fn fully_affirmed(instruction: &Instruction<T>) -> bool {
		Self::senders(instruction).iter().all(|s| instruction.affirmed.contains(s))
	}

	/// Escrows every leg `party` sends: stable value held, claims locked. All or nothing.
	fn escrow_legs(instruction: &Instruction<T>, party: &T::AccountId) -> DispatchResult {
		with_storage_layer(|| {
			instruction
				.legs
				.iter()
				.filter(|l| &l.from == party)
				.try_for_each(|leg| Self::escrow_leg(leg, party))
		})
	}

	fn escrow_leg(leg: &Leg<T::AccountId, T::Balance>, party: &T::AccountId) -> DispatchResult {
		match leg.asset {
			LegAsset::StableValue => Self::hold_stable(HoldReason::Instruction, party, leg.amount),
			LegAsset::Claim(class) => T::Claims::lock(class, party, leg.amount),
		}
	}

	fn release_legs(instruction: &Instruction<T>, party: &T::AccountId) {
		for leg in instruction.legs.iter().filter(|l| &l.from == party) {
			match leg.asset {
				LegAsset::StableValue => {
					Self::release_stable(HoldReason::Instruction, party, leg.amount)
				}
				LegAsset::Claim(class) => T::Claims::unlock(class, party, leg.amount),
			}
		}
	}

	/// Releases the escrow of every party that affirmed (the instruction ends or failed).
	fn release_affirmed(instruction: &Instruction<T>) {
		for party in &instruction.affirmed {
			Self::release_legs(instruction, party);
		}
	}

	fn ensure_witness(instruction: &Instruction<T>, legs: u32) -> DispatchResult {
		ensure!(instruction.legs.len() as u32 <= legs, Error::<T>::WrongLegCount);
		Ok(())
	}

	pub fn do_create_instruction(
		creator: T::AccountId,
		legs: BoundedVec<Leg<T::AccountId, T::Balance>, T::MaxLegs>,
		settlement: SettlementType<BlockNumberFor<T>>,
		expires_at: BlockNumberFor<T>,
	) -> DispatchResult {
		ensure!(!legs.is_empty(), Error::<T>::NoLegs);
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(expires_at > now, Error::<T>::ExpiryInPast);
		for leg in &legs {
			ensure!(!leg.amount.is_zero(), Error::<T>::ZeroAmount);
			ensure!(leg.from != leg.to, Error::<T>::SelfLeg);
			if let LegAsset::Claim(class) = leg.asset {
				ensure!(T::Claims::class_exists(class), Error::<T>::UnknownClass);
			}
		}
		ensure!(legs.iter().any(|l| l.from == creator || l.to == creator), Error::<T>::NotAParty);
		let id = NextInstructionId::<T>::get();
		if let SettlementType::AtBlock(at) = settlement {
			ensure!(at > now && at <= expires_at, Error::<T>::InvalidSettlementBlock);
			Scheduled::<T>::try_mutate(at, |due| due.try_push(id))
				.map_err(|_| Error::<T>::ScheduleFull)?;
		}
		NextInstructionId::<T>::put(id.saturating_add(1));
		let count = legs.len() as u32;
		Instructions::<T>::insert(
			id,
			Instruction {
				creator: creator.clone(),
				legs,
				settlement,
				status: InstructionStatus::Pending,
				affirmed: BoundedVec::new(),
				created_at: now,
				expires_at,
			},
		);
		Self::deposit_event(Event::InstructionCreated { id, creator, legs: count });
		Ok(())
	}

	fn pending(id: InstructionId, legs: u32) -> Result<Instruction<T>, DispatchError> {
		let instruction = Instructions::<T>::get(id).ok_or(Error::<T>::UnknownInstruction)?;
		Self::ensure_witness(&instruction, legs)?;
		ensure!(instruction.status == InstructionStatus::Pending, Error::<T>::NotPending);
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now <= instruction.expires_at, Error::<T>::Expired);
		Ok(instruction)
	}

	pub fn do_affirm(party: T::AccountId, id: InstructionId, legs: u32) -> DispatchResult {
		let mut instruction = Self::pending(id, legs)?;
		ensure!(instruction.legs.iter().any(|l| l.from == party), Error::<T>::NotASender);
		ensure!(!instruction.affirmed.contains(&party), Error::<T>::AlreadyAffirmed);
		for leg in instruction.legs.iter().filter(|l| l.from == party) {
			if leg.asset == LegAsset::StableValue {
				T::Spending::authorize(&party, Spend::ToPayee(&leg.to), leg.amount)?;
			}
		}
		Self::escrow_legs(&instruction, &party)?;
		// Bounded: at most one affirmation per leg's sender.
		instruction.affirmed.try_push(party.clone()).map_err(|_| Error::<T>::AlreadyAffirmed)?;
		Self::deposit_event(Event::InstructionAffirmed { id, party });
		if instruction.settlement == SettlementType::OnAffirmation
			&& Self::fully_affirmed(&instruction)
		{
			Self::settle(id, &mut instruction);
		}
		Instructions::<T>::insert(id, instruction);
		Ok(())
	}

	pub fn do_withdraw_affirmation(
		party: T::AccountId,
		id: InstructionId,
		legs: u32,
	) -> DispatchResult {
		let mut instruction = Self::pending(id, legs)?;
		let at =
			instruction.affirmed.iter().position(|p| p == &party).ok_or(Error::<T>::NotAffirmed)?;
		Self::release_legs(&instruction, &party);
		instruction.affirmed.remove(at);
		Instructions::<T>::insert(id, instruction);
		Self::deposit_event(Event::AffirmationWithdrawn { id, party });
		Ok(())
	}

	/// Moves every leg or none. Pending instructions only, every sender affirmed and escrowed.
	/// On failure: status Failed with the leg and error, every escrow released.
	fn settle(id: InstructionId, instruction: &mut Instruction<T>) {
		let outcome = with_transaction(|| {
			for (i, leg) in instruction.legs.iter().enumerate() {
				let moved = match leg.asset {
					LegAsset::StableValue => {
						Self::pay_from_hold(HoldReason::Instruction, &leg.from, &leg.to, leg.amount)
					}
					LegAsset::Claim(class) => {
						T::Claims::deliver_locked(class, &leg.from, &leg.to, leg.amount)
					}
				};
				if let Err(error) = moved {
					return TransactionOutcome::Rollback(Ok(Err((i as u32, error))));
				}
			}
			TransactionOutcome::Commit(Ok(Ok(())))
		})
		// Only the storage layer limit can fail here; report it as the first leg's failure.
		.unwrap_or_else(|error: DispatchError| Err((0, error)));
		match outcome {
			Ok(()) => {
				instruction.status = InstructionStatus::Settled;
				Self::deposit_event(Event::InstructionSettled { id });
			}
			Err((leg, error)) => {
				Self::release_affirmed(instruction);
				instruction.status = InstructionStatus::Failed { leg, error };
				Self::deposit_event(Event::InstructionFailed { id, leg, error });
			}
		}
	}

	pub fn do_execute_instruction(
		party: T::AccountId,
		id: InstructionId,
		legs: u32,
	) -> DispatchResult {
		let mut instruction = Instructions::<T>::get(id).ok_or(Error::<T>::UnknownInstruction)?;
		Self::ensure_witness(&instruction, legs)?;
		ensure!(
			instruction.legs.iter().any(|l| l.from == party || l.to == party),
			Error::<T>::NotAParty
		);
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now <= instruction.expires_at, Error::<T>::Expired);
		ensure!(Self::fully_affirmed(&instruction), Error::<T>::NotFullyAffirmed);
		match instruction.status {
			InstructionStatus::Pending => {}
			// A retry takes the escrow of every affirmed sender again; they consented. An
			// agent's mandate must still allow each of its payments (it may have been paused,
			// suspended or narrowed since the affirmation).
			InstructionStatus::Failed { .. } => {
				for leg in instruction.legs.iter() {
					if leg.asset == LegAsset::StableValue {
						T::Spending::recheck(&leg.from, Spend::ToPayee(&leg.to), leg.amount)?;
					}
				}
				for sender in Self::senders(&instruction) {
					Self::escrow_legs(&instruction, &sender)?;
				}
				instruction.status = InstructionStatus::Pending;
			}
			_ => return Err(Error::<T>::CannotChange.into()),
		}
		Self::settle(id, &mut instruction);
		Instructions::<T>::insert(id, instruction);
		Ok(())
	}

	pub fn do_cancel_instruction(
		party: T::AccountId,
		id: InstructionId,
		legs: u32,
	) -> DispatchResult {
		let mut instruction = Instructions::<T>::get(id).ok_or(Error::<T>::UnknownInstruction)?;
		Self::ensure_witness(&instruction, legs)?;
		let now = frame_system::Pallet::<T>::block_number();
		let is_party = instruction.legs.iter().any(|l| l.from == party || l.to == party);
		ensure!(is_party || now > instruction.expires_at, Error::<T>::NotAParty);
		match instruction.status {
			InstructionStatus::Pending => {
				Self::release_affirmed(&instruction);
			}
			InstructionStatus::Failed { .. } => {}
			_ => return Err(Error::<T>::CannotChange.into()),
		}
		instruction.status = InstructionStatus::Cancelled;
		Instructions::<T>::insert(id, instruction);
		Self::deposit_event(Event::InstructionCancelled { id });
		Ok(())
	}

	/// Settles an instruction scheduled for this block, or records why it could not.
	pub(crate) fn settle_scheduled(id: InstructionId) {
		let Some(mut instruction) = Instructions::<T>::get(id) else { return };
		if instruction.status != InstructionStatus::Pending {
			return;
		}
		if !T::ScheduledSettlementAllowed::get() {
			// Paused: recorded as failed with the reason, escrow returned; a party may retry
			// with `execute_instruction` once the pause is lifted.
			Self::release_affirmed(&instruction);
			let error: DispatchError = Error::<T>::SettlementPaused.into();
			instruction.status = InstructionStatus::Failed { leg: 0, error };
			Self::deposit_event(Event::InstructionFailed { id, leg: 0, error });
		} else if Self::fully_affirmed(&instruction) {
			Self::settle(id, &mut instruction);
		} else {
			Self::release_affirmed(&instruction);
			let error: DispatchError = Error::<T>::NotFullyAffirmed.into();
			instruction.status = InstructionStatus::Failed { leg: 0, error };
			Self::deposit_event(Event::InstructionFailed { id, leg: 0, error });
		}
		Instructions::<T>::insert(id, instruction);
	}

	/// An instruction as a wallet sees it.
	pub fn instruction_view(
		id: InstructionId,
	) -> Option<InstructionView<T::AccountId, T::Balance, BlockNumberFor<T>>> {
		let i = Instructions::<T>::get(id)?;
		let pending_affirmations =
			Self::senders(&i).into_iter().filter(|s| !i.affirmed.contains(s)).collect();
		Some(InstructionView {
			id,
			creator: i.creator,
			legs: i.legs.into_inner(),
			settlement: i.settlement,
			status: i.status,
			affirmed: i.affirmed.into_inner(),
			pending_affirmations,
			expires_at: i.expires_at,
		})
	}

	/// Dry run: would the instruction settle now, and if not, at which leg and why. Runs the
	/// settlement against escrow taken on the spot and throws every change away.
	pub fn would_settle(id: InstructionId) -> WouldSettle {
		let instruction =
			Instructions::<T>::get(id).ok_or((0, Error::<T>::UnknownInstruction.into()))?;
		with_transaction(|| {
			let result = (|| {
				if !matches!(
					instruction.status,
					InstructionStatus::Pending | InstructionStatus::Failed { .. }
				) {
					return Err((0, Error::<T>::CannotChange.into()));
				}
				for sender in Self::senders(&instruction) {
					let affirmed = instruction.affirmed.contains(&sender)
						&& instruction.status == InstructionStatus::Pending;
					if !affirmed {
						// Leg by leg, so that the answer names the leg that cannot be escrowed.
						for (index, leg) in instruction.legs.iter().enumerate() {
							if leg.from == sender {
								Self::escrow_leg(leg, &sender).map_err(|e| (index as u32, e))?;
							}
						}
					}
				}
				let mut copy = instruction.clone();
				copy.status = InstructionStatus::Pending;
				Self::settle(id, &mut copy);
				match copy.status {
					InstructionStatus::Failed { leg, error } => Err((leg, error)),
					_ => Ok(()),
				}
			})();
			TransactionOutcome::Rollback(Ok::<_, DispatchError>(result))
		})
		.unwrap_or_else(|e| Err((0, e)))
	}
}
