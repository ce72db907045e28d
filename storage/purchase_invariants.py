"""The invariants of purchases, checked with the ledger's (``Ledger.verify``).

- a purchase credited to a wallet has exactly one ``purchase`` ledger row of the pack's amount
  in that wallet; one never credited has none;
- a refunded purchase that had been credited has exactly one ``refund`` ledger row taking
  ``refund_taken`` from that wallet, and ``refund_taken + refund_owed`` is the pack's amount;
  any other purchase has no refund row and owes nothing;
- every ``purchase`` and ``refund`` ledger row belongs to a purchase.
"""

from __future__ import annotations

import sqlite3


def purchase_problems(conn: sqlite3.Connection) -> list[str]:
    problems: list[str] = []
    rows = conn.execute(
        "SELECT p.entitlement_id, p.state, p.amount, p.refund_taken, p.refund_owed,"
        " p.credited_at IS NOT NULL AS credited,"
        " (SELECT COUNT(*) FROM ledger l WHERE l.idempotency_key = 'purchase:' || p.entitlement_id"
        "   AND l.kind = 'purchase' AND l.delta = p.amount AND l.held_delta = 0"
        "   AND l.guild_id = p.guild_id AND l.member_id = p.member_id) AS credits,"
        " (SELECT COUNT(*) FROM ledger l WHERE l.idempotency_key = 'refund:' || p.entitlement_id"
        "   AND l.kind = 'refund' AND l.delta = -p.refund_taken AND l.held_delta = 0"
        "   AND l.guild_id = p.guild_id AND l.member_id = p.member_id) AS refunds,"
        " (SELECT COUNT(*) FROM ledger l WHERE l.idempotency_key IN"
        "   ('purchase:' || p.entitlement_id, 'refund:' || p.entitlement_id)) AS keyed"
        " FROM purchases p"
    ).fetchall()
    for row in rows:
        who = f"purchase {row['entitlement_id']} ({row['state']})"
        refunded_credit = bool(row["credited"]) and row["state"] == "refunded"
        expected = (int(row["credited"]), int(refunded_credit))
        seen = (row["credits"], row["refunds"])
        if seen != expected or row["keyed"] != sum(expected):
            problems.append(
                f"{who}: purchase/refund ledger rows {seen} of {row['keyed']} keyed,"
                f" expected {expected}"
            )
        settled = row["refund_taken"] + row["refund_owed"]
        if settled != (row["amount"] if refunded_credit else 0):
            problems.append(
                f"{who}: taken {row['refund_taken']} + owed {row['refund_owed']} of {row['amount']}"
            )
    orphans = conn.execute(
        "SELECT l.id, l.kind, l.idempotency_key FROM ledger l"
        " WHERE l.kind IN ('purchase', 'refund') AND NOT EXISTS (SELECT 1 FROM purchases p"
        "   WHERE p.entitlement_id = CAST(substr(l.idempotency_key, length(l.kind) + 2) AS INTEGER)"
        "   AND l.idempotency_key = l.kind || ':' || p.entitlement_id)"
    ).fetchall()
    for row in orphans:
        problems.append(
            f"ledger row {row['id']} ({row['kind']}, {row['idempotency_key']}) has no purchase"
        )
    return problems
