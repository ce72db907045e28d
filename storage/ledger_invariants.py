"""The ledger's invariants, checked in one read transaction (``Ledger.verify``).

- every wallet: balance == SUM(delta), held == SUM(held_delta) == the open holds' amounts,
  and 0 <= held <= balance;
- every hold: one ``hold`` row, and one ``capture`` or one ``release`` row once settled;
- every purchase of a credit pack: see ``storage.purchase_invariants``.
"""

from __future__ import annotations

import sqlite3

from storage.purchase_invariants import purchase_problems


def invariant_problems(conn: sqlite3.Connection) -> list[str]:
    problems: list[str] = []
    wallets = conn.execute(
        "SELECT w.guild_id, w.member_id, w.balance, w.held,"
        " COALESCE(SUM(l.delta), 0) AS sum_delta,"
        " COALESCE(SUM(l.held_delta), 0) AS sum_held,"
        " (SELECT COALESCE(SUM(amount), 0) FROM holds h WHERE h.guild_id = w.guild_id"
        "   AND h.member_id = w.member_id AND h.state = 'open') AS open_amount"
        " FROM wallets w LEFT JOIN ledger l"
        "   ON l.guild_id = w.guild_id AND l.member_id = w.member_id"
        " GROUP BY w.guild_id, w.member_id"
    ).fetchall()
    for row in wallets:
        who = f"wallet {row['guild_id']}/{row['member_id']}"
        if row["balance"] != row["sum_delta"]:
            problems.append(f"{who}: balance {row['balance']} != ledger {row['sum_delta']}")
        if row["held"] != row["sum_held"] or row["held"] != row["open_amount"]:
            problems.append(
                f"{who}: held {row['held']}, ledger {row['sum_held']},"
                f" open holds {row['open_amount']}"
            )
        if not 0 <= row["held"] <= row["balance"]:
            problems.append(f"{who}: held {row['held']} outside 0..{row['balance']}")
    holds = conn.execute(
        "SELECT h.id, h.state,"
        " SUM(l.kind = 'hold') AS holds,"
        " SUM(l.kind = 'capture') AS captures,"
        " SUM(l.kind = 'release') AS releases"
        " FROM holds h LEFT JOIN ledger l ON l.hold_id = h.id GROUP BY h.id"
    ).fetchall()
    expected = {"open": (1, 0, 0), "captured": (1, 1, 0), "released": (1, 0, 1)}
    for row in holds:
        seen = (row["holds"] or 0, row["captures"] or 0, row["releases"] or 0)
        if seen != expected[row["state"]]:
            problems.append(f"hold {row['id']} ({row['state']}): hold/capture/release rows {seen}")
    return problems + purchase_problems(conn)
