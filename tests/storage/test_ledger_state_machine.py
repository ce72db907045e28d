"""Random sequences of grants, holds, captures, releases and retries keep the books right."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule

from storage.database import Database
from storage.errors import AmountOutOfRange, HoldAlreadySettled, InsufficientCredits
from storage.ledger import Ledger
from testbed import ledger_ops

MEMBERS = st.sampled_from([1, 2, 3])


class LedgerMachine(RuleBasedStateMachine):
    """A model of each wallet kept in Python, compared with the database after every step."""

    holds = Bundle("holds")

    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.folder = tempfile.TemporaryDirectory()
        self.database = self.loop.run_until_complete(
            Database.open(Path(self.folder.name) / "ledger.sqlite3")
        )
        self.ledger = Ledger(self.database, starting_balance=5, max_grant=50)
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
    max_examples=40, stateful_step_count=25, deadline=None
)
