"""Credits: holds, captures, releases, grants, and the numbers a member sees."""

from __future__ import annotations

import asyncio

import pytest

from config import Settings
from storage.database import Database
from storage.errors import (
    AmountOutOfRange,
    HoldAlreadySettled,
    InsufficientCredits,
    LedgerInvariantBroken,
    UnknownHold,
)
from storage.ledger import Ledger
from storage.store import Storage
from testbed import ledger_ops

GUILD, ALICE, BOB, ADMIN = 100, 1, 2, 99


async def test_a_new_member_starts_with_the_starting_balance(storage: Storage):
    """First sight of a member credits the configured starting balance once."""
    wallet = await storage.ledger.wallet(GUILD, ALICE)
    assert (wallet.balance, wallet.held, wallet.available) == (10, 0, 10)
    await storage.ledger.wallet(GUILD, ALICE)
    rows = await storage.ledger.recent(GUILD, ALICE)
    assert [row.kind for row in rows] == ["starting"]


async def test_wallets_are_per_guild(storage: Storage):
    """Credits in one server are not spendable in another."""
    await storage.ledger.grant(GUILD, ALICE, 5, actor_id=ADMIN, reason="r", key="k")
    assert (await storage.ledger.wallet(GUILD, ALICE)).balance == 15
    assert (await storage.ledger.wallet(GUILD + 1, ALICE)).balance == 10


async def test_hold_then_capture_charges_the_price(storage: Storage):
    """Confirm reserves 3, success takes them: 10 -> 7."""
    hold = await ledger_ops.hold(storage.ledger, GUILD, ALICE, 3, key="job1")
    assert hold.hold_id is not None
    assert (hold.balance_after, hold.held_after, hold.available_after) == (10, 3, 7)
    captured = await ledger_ops.capture(storage.ledger, hold.hold_id)
    assert (captured.balance_after, captured.held_after) == (7, 0)
    assert (await storage.ledger.wallet(GUILD, ALICE)).balance == 7


async def test_release_gives_everything_back(storage: Storage):
    """A failed job costs nothing."""
    hold = await ledger_ops.hold(storage.ledger, GUILD, ALICE, 3, key="job1")
    assert hold.hold_id is not None
    released = await ledger_ops.release(storage.ledger, hold.hold_id)
    assert (released.balance_after, released.held_after) == (10, 0)


async def test_insufficient_credits_says_what_is_needed_and_available(storage: Storage):
    """The member learns the price and what they have, and nothing is held."""
    await ledger_ops.hold(storage.ledger, GUILD, ALICE, 9, key="big")
    with pytest.raises(InsufficientCredits) as caught:
        await ledger_ops.hold(storage.ledger, GUILD, ALICE, 3, key="second")
    assert (caught.value.needed, caught.value.available) == (3, 1)
    assert (await storage.ledger.wallet(GUILD, ALICE)).held == 9


async def test_repeating_an_operation_with_its_key_is_a_no_op(storage: Storage):
    """A double-click, or a retry after a crash, charges once."""
    first = await ledger_ops.hold(storage.ledger, GUILD, ALICE, 3, key="click-1")
    again = await ledger_ops.hold(storage.ledger, GUILD, ALICE, 3, key="click-1")
    assert again == first
    assert first.hold_id is not None
    capture = await ledger_ops.capture(storage.ledger, first.hold_id)
    assert await ledger_ops.capture(storage.ledger, first.hold_id) == capture
    assert await ledger_ops.capture(storage.ledger, first.hold_id, key="other-key") == capture
    grant = await storage.ledger.grant(GUILD, ALICE, 4, actor_id=ADMIN, reason="r", key="g")
    assert await storage.ledger.grant(GUILD, ALICE, 4, actor_id=ADMIN, reason="r", key="g") == grant
    assert (await storage.ledger.wallet(GUILD, ALICE)).balance == 11


async def test_a_hold_settles_one_way_only(storage: Storage):
    """Captured credits cannot also be refunded, and refunded ones cannot be charged."""
    one = await ledger_ops.hold(storage.ledger, GUILD, ALICE, 3, key="a")
    two = await ledger_ops.hold(storage.ledger, GUILD, ALICE, 3, key="b")
    assert one.hold_id is not None and two.hold_id is not None
    await ledger_ops.capture(storage.ledger, one.hold_id)
    with pytest.raises(HoldAlreadySettled, match="captured"):
        await ledger_ops.release(storage.ledger, one.hold_id)
    await ledger_ops.release(storage.ledger, two.hold_id)
    with pytest.raises(HoldAlreadySettled, match="released"):
        await ledger_ops.capture(storage.ledger, two.hold_id)
    with pytest.raises(UnknownHold):
        await ledger_ops.capture(storage.ledger, 12345)
    assert (await storage.ledger.wallet(GUILD, ALICE)).balance == 7


async def test_revoke_never_goes_below_what_is_held(storage: Storage):
    """An admin cannot take credits already promised to a running job."""
    await ledger_ops.hold(storage.ledger, GUILD, ALICE, 6, key="job")
    with pytest.raises(InsufficientCredits) as caught:
        await storage.ledger.grant(GUILD, ALICE, -5, actor_id=ADMIN, reason="oops", key="r1")
    assert caught.value.available == 4
    entry = await storage.ledger.grant(GUILD, ALICE, -4, actor_id=ADMIN, reason="ok", key="r2")
    assert (entry.kind, entry.balance_after, entry.held_after) == ("revoke", 6, 6)


async def test_grant_amounts_are_bounded(storage: Storage, settings: Settings):
    """Zero and absurd amounts are refused before touching the wallet."""
    for amount in (0, settings.credits.max_grant + 1, -settings.credits.max_grant - 1):
        with pytest.raises(AmountOutOfRange):
            await storage.ledger.grant(GUILD, ALICE, amount, actor_id=ADMIN, reason="r", key="x")


async def test_recent_rows_and_the_audit_view(storage: Storage):
    """/credits shows the latest rows; the audit lists who granted what and why."""
    await storage.ledger.grant(GUILD, ALICE, 5, actor_id=ADMIN, reason="contest win", key="g1")
    await storage.ledger.grant(GUILD, BOB, -2, actor_id=ADMIN, reason="refund abuse", key="g2")
    hold = await ledger_ops.hold(storage.ledger, GUILD, ALICE, 3, key="h")
    assert hold.hold_id is not None
    await ledger_ops.capture(storage.ledger, hold.hold_id)
    recent = await storage.ledger.recent(GUILD, ALICE)
    assert [row.kind for row in recent] == ["capture", "hold", "grant", "starting"]
    audit, total = await storage.ledger.grants(GUILD)
    assert total == 2
    assert [(row.member_id, row.delta, row.actor_id, row.reason) for row in audit] == [
        (BOB, -2, ADMIN, "refund abuse"),
        (ALICE, 5, ADMIN, "contest win"),
    ]
    bobs, _ = await storage.ledger.grants(GUILD, BOB)
    assert [row.member_id for row in bobs] == [BOB]
    second_page, total = await storage.ledger.grants(GUILD, limit=1, offset=1)
    assert ([row.member_id for row in second_page], total) == ([ALICE], 2)
    assert [h.amount for h in await storage.ledger.open_holds(GUILD, ALICE)] == []


async def test_verify_notices_a_tampered_wallet(storage: Storage):
    """verify() is a real check: a balance edited behind the ledger's back is reported."""
    await storage.ledger.wallet(GUILD, ALICE)
    await storage.database.write(lambda conn: conn.execute("UPDATE wallets SET balance = 50"))
    with pytest.raises(LedgerInvariantBroken, match="balance 50 != ledger 10"):
        await storage.ledger.verify()
    await storage.database.write(lambda conn: conn.execute("UPDATE wallets SET balance = 10"))


async def test_200_concurrent_holds_on_30_credits_give_exactly_10(settings: Settings):
    """A burst of clicks from many connections can never overspend a wallet."""
    connections = [await Database.open(settings.storage.database_file) for _ in range(8)]
    ledgers = [Ledger(db, starting_balance=30, max_grant=100) for db in connections]
    try:

        async def attempt(i: int) -> bool:
            try:
                await ledger_ops.hold(ledgers[i % len(ledgers)], GUILD, ALICE, 3, key=f"click-{i}")
            except InsufficientCredits:
                return False
            return True

        results = await asyncio.gather(*(attempt(i) for i in range(200)))
        assert sum(results) == 10
        wallet = await ledgers[0].wallet(GUILD, ALICE)
        assert (wallet.balance, wallet.held, wallet.available) == (30, 30, 0)
        await ledgers[0].verify()
    finally:
        for db in connections:
            await db.close()
