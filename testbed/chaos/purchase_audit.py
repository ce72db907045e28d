"""After the soak: did every credit pack bought in Discord land exactly once, in a wallet
where the member could have meant it, and was every refund applied once?

Discord's side (the fake's entitlements) is the truth: every entitlement to a pack has one
purchase row, its credits entered one wallet at most once (one ``purchase`` ledger row), each
refund left once (one ``refund`` row, taken back plus owed equal to the pack), and every
entitlement not refunded was consumed. What members read when placing a purchase agrees with
where it went.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from typing import Any

from bot.playground.standin import FakeDiscord
from storage.store import Storage
from testbed.chaos.world import Seen, Server


def _rows(conn: sqlite3.Connection, sql: str, *params: Any) -> list[sqlite3.Row]:
    return conn.execute(sql, params).fetchall()


async def purchase_moves(
    storage: Storage,
) -> tuple[Counter[tuple[int, int]], Counter[tuple[int, int]]]:
    """Per wallet: credits added by packs, and credits taken back by refunds."""
    rows = await storage.database.read(
        lambda c: _rows(
            c,
            "SELECT guild_id, member_id, amount, refund_taken, credited_at FROM purchases"
            " WHERE credited_at IS NOT NULL",
        )
    )
    bought: Counter[tuple[int, int]] = Counter()
    taken: Counter[tuple[int, int]] = Counter()
    for row in rows:
        key = (row["guild_id"], row["member_id"])
        bought[key] += row["amount"]
        taken[key] += row["refund_taken"]
    return bought, taken


async def check_purchases(
    storage: Storage,
    fake: FakeDiscord,
    seen: Seen,
    servers: list[Server],
    pack_credits: int,
    findings: list[str],
) -> dict[str, int]:
    """Append what is wrong to ``findings``; the figures (purchases, refunds, placed...)."""

    def read(conn: sqlite3.Connection) -> tuple[list[sqlite3.Row], list[sqlite3.Row]]:
        return (
            _rows(conn, "SELECT * FROM purchases"),
            _rows(
                conn,
                "SELECT kind, idempotency_key, delta FROM ledger WHERE kind IN ('purchase', 'refund')",
            ),
        )

    purchases, moves = await storage.database.read(read)
    by_id = {row["entitlement_id"]: row for row in purchases}
    entries = Counter((row["kind"], row["idempotency_key"]) for row in moves)
    memberships: dict[int, set[int]] = {}
    for server in servers:
        for member in [*server.members, *server.admins]:
            memberships.setdefault(member.user.id, set()).add(server.guild.id)
    figures: Counter[str] = Counter()
    for entitlement in fake.shop.entitlements.values():
        figures["entitlements"] += 1
        where = f"entitlement {entitlement.id}"
        row = by_id.get(entitlement.id)
        if row is None:
            findings.append(f"{where}: bought in Discord, never recorded")
            continue
        if row["member_id"] != entitlement.user_id or row["amount"] != pack_credits:
            findings.append(f"{where}: recorded for {row['member_id']}, {row['amount']} credits")
        credited = row["credited_at"] is not None
        bought_rows = entries[("purchase", f"purchase:{entitlement.id}")]
        if bought_rows != (1 if credited else 0):
            findings.append(f"{where}: {bought_rows} purchase ledger rows, credited={credited}")
        if credited and row["guild_id"] not in memberships.get(row["member_id"], set()):
            findings.append(f"{where}: credited in server {row['guild_id']}, not the member's")
        if entitlement.deleted:
            figures["refunds"] += 1
            if row["state"] != "refunded":
                findings.append(f"{where}: refunded in Discord, {row['state']} here")
            refund_rows = entries[("refund", f"refund:{entitlement.id}")]
            if credited and (
                refund_rows != 1 or row["refund_taken"] + row["refund_owed"] != row["amount"]
            ):
                findings.append(f"{where}: {refund_rows} refund rows, taken+owed off")
        else:
            figures["purchases"] += 1
            if row["state"] == "refunded":
                findings.append(f"{where}: refunded here, not in Discord")
            if not entitlement.consumed or row["consumed_at"] is None:
                findings.append(f"{where}: not consumed (Discord {entitlement.consumed})")
            if row["state"] == "to_place":
                figures["waiting_to_place"] += 1
    for entitlement_id in set(by_id) - set(fake.shop.entitlements):
        findings.append(f"purchase {entitlement_id}: no such entitlement in Discord")
    for placement in seen.placements:
        row = by_id.get(placement.entitlement_id)
        if placement.answer.startswith("Added") and (
            row is None or row["guild_id"] != placement.guild_id
        ):
            findings.append(f"placement {placement}: told added, went to {row and row['guild_id']}")
        if placement.answer.startswith("Added"):
            figures["placed"] += 1
    return dict(figures)
