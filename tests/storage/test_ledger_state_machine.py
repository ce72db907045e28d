"""Random sequences of grants, holds, captures, releases, pack purchases, placements, refunds
and retries keep the books right."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule

from storage.database import Database
from storage.errors import (
    AmountOutOfRange,
    HoldAlreadySettled,
    InsufficientCredits,
    NotYourPurchase,
    PurchaseRefunded,
)
from storage.ledger import Ledger
from storage.purchase_rows import PackEntitlement, Placement
from storage.purchases import PurchaseStore
from testbed import ledger_ops

MEMBERS = st.sampled_from([1, 2, 3])


class LedgerMachine(RuleBasedStateMachine):
    """A model of each wallet kept in Python, compared with the database after every step."""

    holds = Bundle("holds")
    purchases = Bundle("purchases")

    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.folder = tempfile.TemporaryDirectory()
        self.database = self.loop.run_until_complete(
            Database.open(Path(self.folder.name) / "ledger.sqlite3")
        )
        self.ledger = Ledger(self.database, starting_balance=5, max_grant=50)
        self.shop = PurchaseStore(self.database, self.ledger)
        # entitlement id -> (member, amount, state); owed per member; not yet consumed
        self.bought: dict[int, tuple[int, int, str]] = {}
        self.owed: dict[int, int] = {}
        self.to_consume: set[int] = set()
        self.balance: dict[int, int] = {}
        self.held: dict[int, int] = {}
        self.hold_state: dict[int, str] = {}
        self.hold_owner: dict[int, tuple[int, int]] = {}
        self.step = 0

    def run(self, coroutine):  # type: ignore[no-untyped-def]
        return self.loop.run_until_complete(coroutine)

    def _seen(self, member: int) -> None:
        self.balance.setdefault(member, 5)
        self.held.setdefault(member, 0)

    def _key(self) -> str:
        self.step += 1
        return f"op-{self.step}"

    @rule(member=MEMBERS, amount=st.integers(-60, 60))
    def grant(self, member: int, amount: int) -> None:
        self._seen(member)
        try:
            entry = self.run(
                self.ledger.grant(7, member, amount, actor_id=0, reason="r", key=self._key())
            )
        except AmountOutOfRange:
            assert amount == 0 or abs(amount) > 50
            return
        except InsufficientCredits:
            assert self.balance[member] + amount < self.held[member]
            return
        self.balance[member] += amount
        assert entry.balance_after == self.balance[member]

    @rule(target=holds, member=MEMBERS, amount=st.integers(0, 12))
    def hold(self, member: int, amount: int) -> int:
        self._seen(member)
        key = self._key()
        try:
            entry = self.run(ledger_ops.hold(self.ledger, 7, member, amount, key=key))
        except InsufficientCredits as exc:
            assert exc.available == self.balance[member] - self.held[member] < amount
            return -1
        self.held[member] += amount
        assert entry.hold_id is not None
        self.hold_state[entry.hold_id] = "open"
        self.hold_owner[entry.hold_id] = (member, amount)
        # A retry with the same key is a no-op that returns the first result.
        assert self.run(ledger_ops.hold(self.ledger, 7, member, amount, key=key)) == entry
        return entry.hold_id

    @rule(hold_id=holds, outcome=st.sampled_from(["captured", "released"]))
    def settle(self, hold_id: int, outcome: str) -> None:
        if hold_id < 0:
            return
        member, amount = self.hold_owner[hold_id]
        action = ledger_ops.capture if outcome == "captured" else ledger_ops.release
        state = self.hold_state[hold_id]
        if state not in ("open", outcome):
            with pytest.raises(HoldAlreadySettled):
                self.run(action(self.ledger, hold_id))
            return
        self.run(action(self.ledger, hold_id))
        if state == "open":
            self.hold_state[hold_id] = outcome
            self.held[member] -= amount
            if outcome == "captured":
                self.balance[member] -= amount

    def _pack(self, entitlement_id: int) -> PackEntitlement:
        member, amount, _ = self.bought[entitlement_id]
        return PackEntitlement(entitlement_id, 99, member, amount, test=False)

    @rule(target=purchases, member=MEMBERS, amount=st.integers(1, 60), placed=st.booleans())
    def buy(self, member: int, amount: int, placed: bool) -> int:
        self._seen(member)
        entitlement_id = 10_000 + self.step
        self.step += 1
        self.bought[entitlement_id] = (member, amount, "credited" if placed else "to_place")
        self.to_consume.add(entitlement_id)
        guild, placement = (7, Placement.OFFER) if placed else (None, None)
        outcome = self.run(self.shop.record(self._pack(entitlement_id), guild, placement))
        assert outcome.changed
        if placed:
            self.balance[member] += amount
            assert outcome.entry is not None
            assert outcome.entry.balance_after == self.balance[member]
        # The event delivered again, or found again by the listing, changes nothing.
        assert not self.run(
            self.shop.record(self._pack(entitlement_id), 7, Placement.OFFER)
        ).changed
        return entitlement_id

    @rule(entitlement_id=purchases, by_buyer=st.booleans())
    def place(self, entitlement_id: int, by_buyer: bool) -> None:
        member, amount, state = self.bought[entitlement_id]
        placer = member if by_buyer else member % 3 + 1
        if placer != member:
            with pytest.raises(NotYourPurchase):
                self.run(self.shop.place(entitlement_id, placer, 7))
            return
        if state == "refunded":
            with pytest.raises(PurchaseRefunded):
                self.run(self.shop.place(entitlement_id, member, 7))
            return
        outcome = self.run(self.shop.place(entitlement_id, member, 7))
        assert outcome.changed == (state == "to_place")
        if state == "to_place":
            self.bought[entitlement_id] = (member, amount, "credited")
            self.balance[member] += amount

    @rule(entitlement_id=purchases)
    def refund(self, entitlement_id: int) -> None:
        member, amount, state = self.bought[entitlement_id]
        outcome = self.run(self.shop.refund(self._pack(entitlement_id)))
        assert outcome.changed == (state != "refunded")
        self.bought[entitlement_id] = (member, amount, "refunded")
        self.to_consume.discard(entitlement_id)
        if state == "credited":
            taken = min(amount, self.balance[member] - self.held[member])
            self.balance[member] -= taken
            self.owed[member] = self.owed.get(member, 0) + amount - taken
            assert outcome.entry is not None and outcome.entry.delta == -taken

    @rule(member=MEMBERS, amount=st.integers(1, 60))
    def refund_before_purchase(self, member: int, amount: int) -> None:
        self._seen(member)
        entitlement_id = 10_000 + self.step
        self.step += 1
        self.bought[entitlement_id] = (member, amount, "refunded")
        assert self.run(self.shop.refund(self._pack(entitlement_id))).changed
        late = self.run(self.shop.record(self._pack(entitlement_id), 7, Placement.OFFER))
        assert not late.changed and late.entry is None

    @rule(entitlement_id=purchases)
    def consume(self, entitlement_id: int) -> None:
        assert self.run(self.shop.mark_consumed(entitlement_id))
        self.to_consume.discard(entitlement_id)

    @invariant()
    def purchases_are_where_the_model_says(self) -> None:
        waiting = self.run(self.shop.unconsumed())
        assert {p.entitlement_id for p in waiting} == self.to_consume
        for member in self.balance:
            assert self.run(self.shop.owed(7, member)) == self.owed.get(member, 0)

    @invariant()
    def books_balance(self) -> None:
        self.run(self.ledger.verify())
        for member in self.balance:
            wallet = self.run(self.ledger.wallet(7, member))
            assert (wallet.balance, wallet.held) == (self.balance[member], self.held[member])
            assert 0 <= wallet.held <= wallet.balance

    def teardown(self) -> None:
        self.run(self.database.close())
        self.loop.close()
        self.folder.cleanup()


TestLedgerMachine = LedgerMachine.TestCase
TestLedgerMachine.settings = hypothesis_settings(
    max_examples=60, stateful_step_count=30, deadline=None
)
