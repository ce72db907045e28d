"""Credit packs: credited exactly once, placed once, refunds taken back once, never below zero."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from config import Settings
from storage.database import Database
from storage.errors import (
    LedgerInvariantBroken,
    NotYourPurchase,
    PurchaseRefunded,
    UnknownPurchase,
)
from storage.ledger import Ledger
from storage.purchase_rows import PackEntitlement, Placement, PurchaseState
from storage.purchases import PurchaseStore
from storage.store import Storage
from testbed import ledger_ops

GUILD, OTHER_GUILD, ALICE, BOB = 100, 200, 1, 2
SKU = 5550001
ROOT = Path(__file__).resolve().parents[2]


def pack(
    entitlement_id: int = 9001, member: int = ALICE, amount: int = 100, *, test: bool = False
) -> PackEntitlement:
    return PackEntitlement(entitlement_id, SKU, member, amount, test)


async def balance(storage: Storage, guild: int = GUILD, member: int = ALICE) -> int:
    return (await storage.ledger.wallet(guild, member)).balance


async def test_a_purchase_is_credited_once_however_often_it_is_recorded(storage: Storage):
    """The event delivered twice (and the listing finding it again) adds the pack once: 10 -> 110."""
    first = await storage.purchases.record(pack(), GUILD, Placement.OFFER)
    assert first.changed and first.entry is not None
    assert (first.entry.kind, first.entry.delta, first.entry.balance_after) == (
        "purchase",
        100,
        110,
    )
    for _ in range(3):
        again = await storage.purchases.record(pack(), GUILD, Placement.OFFER)
        assert not again.changed and again.entry == first.entry
    # A repeat naming another server changes nothing either: the first record decided.
    elsewhere = await storage.purchases.record(pack(), OTHER_GUILD, Placement.ENTITLEMENT)
    assert not elsewhere.changed and elsewhere.purchase.guild_id == GUILD
    assert await balance(storage) == 110
    assert await balance(storage, OTHER_GUILD) == 10
    rows = await storage.ledger.recent(GUILD, ALICE)
    assert [(row.kind, row.delta) for row in rows] == [("purchase", 100), ("starting", 10)]
    assert rows[0].reason == f"bought 100 credits, SKU {SKU}"


async def test_concurrent_records_in_one_process_credit_once(storage: Storage, settings: Settings):
    """Two connections racing on the same entitlement (bot and a listing task) credit it once."""
    second = await Storage.open(settings)
    try:
        outcomes = await asyncio.gather(
            *(
                store.purchases.record(pack(), GUILD, Placement.OFFER)
                for store in [storage, second] * 10
            )
        )
    finally:
        await second.close()
    assert sum(outcome.changed for outcome in outcomes) == 1
    assert await balance(storage) == 110


def _race(path: Path) -> list[int]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    script = str(Path(__file__).with_name("purchase_racer.py"))
    racers = [
        subprocess.Popen(
            [sys.executable, script, str(path), "1", "60"],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(2)
    ]
    counts = []
    for racer in racers:
        out, _ = racer.communicate(timeout=120)
        assert racer.returncode == 0
        counts.append(int(out.strip()))
    return counts


async def test_two_processes_on_one_file_credit_each_purchase_once(settings: Settings):
    """Two bot processes seeing the same 60 purchases credit each exactly once between them."""
    storage = await Storage.open(settings)
    await storage.close()
    counts = await asyncio.to_thread(_race, settings.storage.database_file)
    assert sum(counts) == 60
    storage = await Storage.open(settings)
    try:
        await storage.ledger.verify()
        for member in range(5):
            # starting balance 0 in the racers; 12 purchases of 100 each per member
            assert await balance(storage, 1, member) == 1200
    finally:
        await storage.close()


async def test_a_restart_between_credit_and_consume_leaves_it_to_consume(settings: Settings):
    """A crash after the credit but before Discord's consume: after restart it is consumed, not credited again."""
    storage = await Storage.open(settings)
    await storage.purchases.record(pack(), GUILD, Placement.OFFER)
    await storage.close()
    storage = await Storage.open(settings)
    try:
        (waiting,) = await storage.purchases.unconsumed()
        assert (waiting.entitlement_id, waiting.consumed) == (9001, False)
        assert not (await storage.purchases.record(pack(), GUILD, Placement.OFFER)).changed
        assert await storage.purchases.mark_consumed(9001)
        assert await storage.purchases.mark_consumed(9001)
        assert await storage.purchases.unconsumed() == []
        assert not await storage.purchases.mark_consumed(4242)
        assert await balance(storage) == 110
    finally:
        await storage.close()


async def test_a_purchase_with_no_server_waits_and_is_placed_once(storage: Storage):
    """A pack whose server is unknown adds nothing until the member picks one, then adds 100 there, once."""
    waiting = await storage.purchases.record(pack(), None, None)
    assert waiting.changed and waiting.entry is None
    assert waiting.purchase.state is PurchaseState.TO_PLACE
    assert await balance(storage) == 10
    assert [p.entitlement_id for p in await storage.purchases.waiting_to_place(ALICE)] == [9001]
    assert await storage.purchases.unconsumed() != []  # consumed while it waits

    placed = await storage.purchases.place(9001, ALICE, OTHER_GUILD)
    assert placed.changed and placed.entry is not None
    assert placed.purchase.placement is Placement.MEMBER
    assert await balance(storage, OTHER_GUILD) == 110
    # The same offer pressed again, or in another server, adds nothing.
    for guild in (OTHER_GUILD, GUILD):
        again = await storage.purchases.place(9001, ALICE, guild)
        assert not again.changed and again.purchase.guild_id == OTHER_GUILD
        assert again.entry == placed.entry
    assert await balance(storage) == 10
    assert await storage.purchases.waiting_to_place(ALICE) == []


async def test_only_the_buyer_can_place_a_purchase(storage: Storage):
    """Bob cannot move Alice's pack into his wallet, and an unknown purchase is named."""
    await storage.purchases.record(pack(), None, None)
    with pytest.raises(NotYourPurchase):
        await storage.purchases.place(9001, BOB, GUILD)
    with pytest.raises(UnknownPurchase):
        await storage.purchases.place(4242, ALICE, GUILD)
    assert await balance(storage, GUILD, BOB) == 10


async def test_a_refund_takes_the_pack_back_once(storage: Storage):
    """Discord refunds an unspent pack: 110 -> 10, and a second refund event changes nothing."""
    await storage.purchases.record(pack(), GUILD, Placement.OFFER)
    refund = await storage.purchases.refund(pack())
    assert refund.changed and refund.entry is not None
    assert (refund.entry.kind, refund.entry.delta, refund.entry.balance_after) == (
        "refund",
        -100,
        10,
    )
    assert (refund.purchase.refund_taken, refund.purchase.refund_owed) == (100, 0)
    again = await storage.purchases.refund(pack())
    assert not again.changed and again.entry == refund.entry
    assert await balance(storage) == 10
    assert await storage.purchases.unconsumed() == []  # nothing left to consume


async def test_a_refund_after_spending_never_goes_below_zero_and_records_the_debt(
    storage: Storage,
):
    """80 of the 100 bought were spent: the refund takes the 30 left, and 70 are shown to admins as owed."""
    await storage.purchases.record(pack(), GUILD, Placement.OFFER)
    hold = await ledger_ops.hold(storage.ledger, GUILD, ALICE, 80, key="job")
    assert hold.hold_id is not None
    await ledger_ops.capture(storage.ledger, hold.hold_id)
    refund = await storage.purchases.refund(pack())
    assert refund.entry is not None
    assert (refund.entry.delta, refund.entry.balance_after) == (-30, 0)
    assert refund.entry.reason == f"refund of 100 credits bought, SKU {SKU}; 70 already spent, owed"
    assert await storage.purchases.owed(GUILD, ALICE) == 70
    debts, total = await storage.purchases.debts(GUILD)
    assert total == 1
    assert [(d.member_id, d.owed, d.refunds) for d in debts] == [(ALICE, 70, 1)]
    assert await storage.purchases.debts(OTHER_GUILD) == ([], 0)


async def test_a_refund_leaves_credits_held_for_a_running_upscale(storage: Storage):
    """A job holding 20 keeps them: the refund takes 90 of 110 and owes 10, and the job can still be charged."""
    await storage.purchases.record(pack(), GUILD, Placement.OFFER)
    hold = await ledger_ops.hold(storage.ledger, GUILD, ALICE, 20, key="job")
    refund = await storage.purchases.refund(pack())
    assert (refund.purchase.refund_taken, refund.purchase.refund_owed) == (90, 10)
    wallet = await storage.ledger.wallet(GUILD, ALICE)
    assert (wallet.balance, wallet.held) == (20, 20)
    assert hold.hold_id is not None
    await ledger_ops.capture(storage.ledger, hold.hold_id)
    assert await balance(storage) == 0


async def test_a_refund_before_the_credit_stops_the_credit(storage: Storage):
    """A refund seen before the purchase (events out of order): the late purchase adds nothing."""
    refund = await storage.purchases.refund(pack())
    assert refund.changed and refund.entry is None
    late = await storage.purchases.record(pack(), GUILD, Placement.OFFER)
    assert not late.changed and late.entry is None
    assert late.purchase.state is PurchaseState.REFUNDED
    assert await balance(storage) == 10
    assert await storage.purchases.unconsumed() == []


async def test_a_refunded_purchase_waiting_to_be_placed_can_no_longer_be_placed(storage: Storage):
    """A pack refunded while it waited for a server adds nothing anywhere."""
    await storage.purchases.record(pack(), None, None)
    refund = await storage.purchases.refund(pack())
    assert refund.changed and refund.entry is None
    with pytest.raises(PurchaseRefunded):
        await storage.purchases.place(9001, ALICE, GUILD)
    assert await storage.purchases.waiting_to_place(ALICE) == []
    assert await balance(storage) == 10


async def test_the_audit_lists_a_servers_purchases_and_refunds_newest_first(storage: Storage):
    """Admins see their own server's purchases and refunds, with SKU, entitlement id and test mark, paged."""
    await storage.purchases.record(pack(1), GUILD, Placement.OFFER)
    await storage.purchases.record(pack(2, BOB, 500, test=True), GUILD, Placement.ENTITLEMENT)
    await storage.purchases.record(pack(3), OTHER_GUILD, Placement.OFFER)
    await storage.purchases.record(pack(4), None, None)
    await storage.purchases.refund(pack(1))
    events, total = await storage.purchases.audit(GUILD)
    assert total == 3
    assert [(e.kind, e.purchase.entitlement_id) for e in events] == [
        ("refund", 1),
        ("purchase", 2),
        ("purchase", 1),
    ]
    assert events[1].purchase.test and events[1].purchase.sku_id == SKU
    page, total = await storage.purchases.audit(GUILD, limit=1, offset=1)
    assert total == 3 and [e.purchase.entitlement_id for e in page] == [2]
    mine, total = await storage.purchases.audit(GUILD, ALICE)
    assert total == 2 and {e.purchase.member_id for e in mine} == {ALICE}


async def test_sales_totals_count_paid_and_test_purchases_apart(storage: Storage):
    """The metrics see credits sold, refunded, taken back and owed, test purchases apart."""
    await storage.purchases.record(pack(1), GUILD, Placement.OFFER)
    await storage.purchases.record(pack(2, amount=50), GUILD, Placement.OFFER)
    await storage.purchases.record(pack(3, amount=40, test=True), GUILD, Placement.OFFER)
    await storage.purchases.record(pack(4, amount=7), None, None)
    await storage.ledger.grant(GUILD, ALICE, -150, actor_id=0, reason="spent", key="spend")
    await storage.purchases.refund(pack(2, amount=50))
    sales = await storage.purchases.sales()
    assert (sales.paid.purchases, sales.paid.sold, sales.paid.waiting) == (2, 150, 7)
    # 200 - 150 = 50 left: the refund of 50 takes all of it.
    assert (sales.paid.refunds, sales.paid.refunded, sales.paid.taken_back) == (1, 50, 50)
    assert (sales.test.purchases, sales.test.sold, sales.test.refunds) == (1, 40, 0)


async def test_purchases_cannot_be_rewritten_or_deleted(storage: Storage):
    """Nobody can quietly undo a refund, move a credited pack, or delete a purchase."""
    await storage.purchases.record(pack(1), GUILD, Placement.OFFER)
    await storage.purchases.record(pack(2), GUILD, Placement.OFFER)
    await storage.purchases.refund(pack(2))
    statements = [
        "UPDATE purchases SET state = 'credited', refunded_at = NULL, refund_taken = 0 WHERE entitlement_id = 2",
        f"UPDATE purchases SET guild_id = {OTHER_GUILD} WHERE entitlement_id = 1",
        "UPDATE purchases SET amount = 1000 WHERE entitlement_id = 1",
        "DELETE FROM purchases WHERE entitlement_id = 1",
    ]
    for statement in statements:
        with pytest.raises(sqlite3.IntegrityError):
            await storage.database.write(lambda conn, sql=statement: conn.execute(sql))


async def test_verify_notices_a_purchase_without_its_credit(tmp_path: Path):
    """A purchase row whose ledger row is missing (or the other way round) is reported."""
    database = await Database.open(tmp_path / "tampered.sqlite3")
    ledger = Ledger(database, starting_balance=10, max_grant=1000)
    purchases = PurchaseStore(database, ledger)
    try:
        await purchases.record(pack(1), GUILD, Placement.OFFER)
        await purchases.record(pack(3), GUILD, Placement.OFFER)
        await database.write(
            lambda conn: conn.execute(
                "INSERT INTO purchases (entitlement_id, sku_id, member_id, guild_id, amount,"
                " test, state, placement, recorded_at, credited_at)"
                f" VALUES (2, {SKU}, {ALICE}, {GUILD}, 100, 0, 'credited', 'offer', 'x', 'x')"
            )
        )
        await database.write(
            lambda conn: conn.execute(
                "INSERT INTO ledger (guild_id, member_id, kind, delta, held_delta, balance_after,"
                " held_after, idempotency_key, created_at)"
                f" VALUES ({GUILD}, {ALICE}, 'refund', 0, 0, 210, 0, 'refund:77', 'x')"
            )
        )
        with pytest.raises(LedgerInvariantBroken) as caught:
            await ledger.verify()
        assert caught.value.problems == [
            "purchase 2 (credited): purchase/refund ledger rows (0, 0) of 0 keyed, expected (1, 0)",
            "ledger row 4 (refund, refund:77) has no purchase",
        ]
    finally:
        await database.close()


async def test_offers_remember_where_a_member_was_shown_the_packs(storage: Storage):
    """The servers that showed the packs recently are known, latest first; old ones fall out."""
    await storage.purchases.remember_offer(ALICE, GUILD, 1000.0)
    await storage.purchases.remember_offer(ALICE, OTHER_GUILD, 1500.0)
    await storage.purchases.remember_offer(ALICE, GUILD, 900.0)  # an older sighting keeps the newer
    await storage.purchases.remember_offer(BOB, GUILD, 2000.0)
    assert await storage.purchases.offered_guilds(ALICE, 800.0) == [OTHER_GUILD, GUILD]
    assert await storage.purchases.offered_guilds(ALICE, 1200.0) == [OTHER_GUILD]
    assert await storage.purchases.offered_guilds(ALICE, 1600.0) == []
