"""After the soak, with the bot stopped: is every job final, is every result where it belongs,
does every credit add up, and did every interaction get its answer in time?

The money is checked three ways that do not lean on each other: each wallet against the jobs
table (starting balance + grants - revokes + packs bought - packs refunded - prices of
delivered jobs), each job's hold against its state, and what members were told (receipts,
refunds, cancels, grants) against what the database did. Packs bought are checked against
Discord's entitlements on their own (``purchase_audit``).
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.playground.standin import FakeDiscord
from storage.errors import LedgerInvariantBroken
from storage.store import Storage
from testbed.chaos.purchase_audit import check_purchases, purchase_moves
from testbed.chaos.world import Availability, LoopLag, Seen, Server

FINAL = ("delivered", "failed", "cancelled")


@dataclass
class Findings:
    """Everything that is wrong, by kind; empty lists mean the check passed."""

    stranded: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    results: list[str] = field(default_factory=list)
    told: list[str] = field(default_factory=list)
    ledger: list[str] = field(default_factory=list)
    integrity: list[str] = field(default_factory=list)
    late: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)
    purchases: list[str] = field(default_factory=list)

    def count(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in self.__dataclass_fields__}


@dataclass
class Figures:
    jobs: Counter[str] = field(default_factory=Counter)
    interactions: Counter[str] = field(default_factory=Counter)
    purchases: dict[str, int] = field(default_factory=dict)


def _rows(conn: sqlite3.Connection, sql: str, *params: Any) -> list[sqlite3.Row]:
    return conn.execute(sql, params).fetchall()


async def audit(
    storage: Storage,
    fake: FakeDiscord,
    seen: Seen,
    availability: Availability,
    lag: LoopLag,
    starting_balance: int,
    balances_shown: dict[tuple[int, int], int],
    home: str,
    servers: list[Server],
    pack_credits: int,
) -> tuple[Findings, Figures]:
    findings, figures = Findings(), Figures()
    _leaks(fake, home, findings)
    jobs = await storage.database.read(lambda c: _rows(c, "SELECT * FROM jobs ORDER BY id"))
    for job in jobs:
        figures.jobs[job["state"]] += 1
        if job["state"] == "delivered" and job["error_code"] == "message_gone":
            figures.jobs["delivered_message_gone"] += 1
        if job["state"] not in FINAL:
            findings.stranded.append(f"job {job['id']} left {job['state']}")
    figures.jobs["confirmed"] = len(jobs)
    await _money(storage, jobs, starting_balance, balances_shown, findings)
    await _results(storage, fake, jobs, findings)
    _told(jobs, seen, findings)
    await _grants(storage, seen, findings)
    figures.purchases = await check_purchases(
        storage, fake, seen, servers, pack_credits, findings.purchases
    )
    try:
        await storage.ledger.verify()
    except LedgerInvariantBroken as exc:
        findings.ledger.append(str(exc))
    integrity = await storage.database.read(
        lambda c: c.execute("PRAGMA integrity_check").fetchall()
    )
    if [tuple(r) for r in integrity] != [("ok",)]:
        findings.integrity.extend(str(tuple(r)) for r in integrity)
    _deadlines(fake, availability, lag, findings, figures)
    return findings, figures


async def _money(
    storage: Storage,
    jobs: list[sqlite3.Row],
    starting_balance: int,
    balances_shown: dict[tuple[int, int], int],
    findings: Findings,
) -> None:
    def read(conn: sqlite3.Connection) -> tuple[list[sqlite3.Row], ...]:
        return (
            _rows(conn, "SELECT * FROM wallets"),
            _rows(conn, "SELECT * FROM holds"),
            _rows(
                conn,
                "SELECT guild_id, member_id, SUM(delta) AS total FROM ledger"
                " WHERE kind IN ('grant', 'revoke') GROUP BY guild_id, member_id",
            ),
        )

    wallets, holds, granted = await storage.database.read(read)
    grants = {(r["guild_id"], r["member_id"]): r["total"] for r in granted}
    bought, taken_back = await purchase_moves(storage)
    spent: Counter[tuple[int, int]] = Counter()
    for job in jobs:
        if job["state"] in ("delivered", "succeeded"):
            spent[(job["guild_id"], job["requester_id"])] += job["price"]
    for wallet in wallets:
        key = (wallet["guild_id"], wallet["member_id"])
        expected = (
            starting_balance + grants.get(key, 0) + bought[key] - taken_back[key] - spent[key]
        )
        if wallet["balance"] != expected:
            findings.credits.append(
                f"wallet {key}: balance {wallet['balance']}, expected {starting_balance}"
                f" + grants {grants.get(key, 0)} + packs {bought[key]}"
                f" - refunded {taken_back[key]} - spent {spent[key]} = {expected}"
            )
        if wallet["held"] != 0:
            findings.credits.append(f"wallet {key}: {wallet['held']} credits still reserved")
        shown = balances_shown.get(key)
        if shown is not None and shown != wallet["balance"]:
            findings.credits.append(
                f"wallet {key}: /credits showed {shown}, database {wallet['balance']}"
            )
    by_hold = {h["id"]: h for h in holds}
    settled = {"delivered": "captured", "succeeded": "captured", "failed": "released"}
    settled["cancelled"] = "released"
    for job in jobs:
        hold = by_hold.get(job["hold_id"])
        if hold is None:
            findings.credits.append(f"job {job['id']}: no hold")
            continue
        want = settled.get(job["state"], "open")
        if hold["state"] != want:
            findings.credits.append(f"job {job['id']} {job['state']}: hold {hold['state']}")
    linked = {job["hold_id"] for job in jobs}
    for hold in holds:
        if hold["state"] == "open":
            findings.credits.append(f"hold {hold['id']} still open")
        if hold["id"] not in linked:
            findings.credits.append(f"hold {hold['id']} belongs to no job")


async def _results(
    storage: Storage, fake: FakeDiscord, jobs: list[sqlite3.Row], findings: Findings
) -> None:
    versions = await storage.database.read(
        lambda c: _rows(
            c, "SELECT * FROM image_versions ORDER BY message_id, attachment_slot, version"
        )
    )
    by_job = {v["job_id"]: v for v in versions if v["job_id"] is not None}
    latest: dict[tuple[int, int], sqlite3.Row] = {}
    for row in versions:
        latest[(row["message_id"], row["attachment_slot"])] = row
    for job in jobs:
        if job["state"] != "delivered":
            continue
        version = by_job.get(job["id"])
        message = fake.messages.get(job["message_id"])
        where = f"job {job['id']} (message {job['message_id']} slot {job['attachment_slot']})"
        if version is None:
            findings.results.append(f"{where}: delivered without a version in history")
            continue
        if job["error_code"] == "message_gone":
            if message is not None and not message.deleted:
                findings.results.append(f"{where}: said the message was gone, but it is there")
            continue
        attachment = fake.attachments.get(version["discord_attachment_id"] or 0)
        if attachment is None:
            findings.results.append(f"{where}: delivered, but Discord has no such attachment")
            continue
        if hashlib.sha256(attachment.data).hexdigest() != job["upload_sha256"]:
            findings.results.append(f"{where}: the attachment is not the stored result")
        if message is None or message.deleted:
            continue  # deleted after delivery: the result is in history
        on_message = {a.id for a in message.attachments}
        if attachment.id in on_message:
            continue
        shown = latest[(job["message_id"], job["attachment_slot"])]
        if shown["version"] > version["version"] and shown["discord_attachment_id"] in on_message:
            continue  # a later upscale of the same image took its place
        findings.results.append(f"{where}: the result is not on the message")


def _told(jobs: list[sqlite3.Row], seen: Seen, findings: Findings) -> None:
    """What members were told agrees with what happened."""
    by_key = {job["request_key"]: job for job in jobs}
    for confirmation in seen.confirmations:
        job = by_key.get(f"confirm:{confirmation.message.id}")
        shown = [m.content for c in confirmation.clicks for m in c.followups]
        if re.search(r"qc:\d+", str(confirmation.message.components)) and job is None:
            findings.told.append(f"confirmation {confirmation.message.id}: a receipt, but no job")
        if job is None:
            continue
        for text in shown:
            if text.startswith("Done:") and job["state"] != "delivered":
                findings.told.append(f"job {job['id']}: told done, but {job['state']}")
            if "refunded" in text and job["state"] not in ("failed", "cancelled"):
                findings.told.append(f"job {job['id']}: told refunded, but {job['state']}")
    for confirmation, text in seen.receipt_cancels:
        job = by_key.get(f"confirm:{confirmation.message.id}")
        if job is None:
            continue
        if "cancelled and refunded" in text and job["state"] != "cancelled":
            findings.told.append(
                f"job {job['id']}: told cancelled and refunded, but {job['state']}"
            )
        if "already finished" in text and job["state"] not in FINAL:
            findings.told.append(f"job {job['id']}: told already finished, but {job['state']}")
    findings.told.extend(seen.wrong)


async def _grants(storage: Storage, seen: Seen, findings: Findings) -> None:
    rows = await storage.database.read(
        lambda c: _rows(c, "SELECT * FROM ledger WHERE kind IN ('grant', 'revoke')")
    )
    applied = Counter(
        (r["guild_id"], r["actor_id"], r["member_id"], r["delta"], r["reason"]) for r in rows
    )
    asked: dict[tuple[int, int, int, int, str], list[str]] = {}
    for grant in seen.grants:
        key = (grant.guild_id, grant.actor_id, grant.member_id, grant.amount, grant.reason)
        asked.setdefault(key, []).append(grant.outcome)
    for key, outcomes in asked.items():
        times = applied.get(key, 0)
        if times > 1:
            findings.credits.append(f"grant {key} applied {times} times")
        if times == 0 and ("done" in outcomes or "already" in outcomes):
            findings.credits.append(f"grant {key} was reported done but is not in the ledger")
        if times == 1 and outcomes and all(o == "refused" for o in outcomes):
            findings.credits.append(f"grant {key} was refused but is in the ledger")
    for key in applied:
        if key not in asked:
            findings.credits.append(f"grant {key} that no admin asked for")


def _leaks(fake: FakeDiscord, home: str, findings: Findings) -> None:
    """Nothing members see shows the bot's insides: its folders, OS errors, tracebacks."""
    for message in fake.messages.values():
        text = message.content
        if home in text or "Errno" in text or "Traceback" in text:
            findings.leaks.append(f"message {message.id}: {text[:200]!r}")


def _deadlines(
    fake: FakeDiscord,
    availability: Availability,
    lag: LoopLag,
    findings: Findings,
    figures: Figures,
) -> None:
    """Every interaction answered within Discord's deadline, unless the bot could not hear
    Discord then (killed, or its gateway connection down), Discord itself was made to fail
    or stall the answer (an injected fault on that interaction's callback), or the fake
    Discord's own process stalled (it could not deliver or accept anything in time)."""
    deadline = fake.response_deadline_s
    faulted = {
        int(m.group(1))
        for f in fake.faults.injected
        if (m := re.search(r"/interactions/(\d+)/", f.path))
    }
    for interaction in fake.interactions.values():
        figures.interactions["total"] += 1
        answered_at = interaction.responded_at
        if answered_at is not None and answered_at - interaction.dispatched_at <= deadline:
            figures.interactions["answered"] += 1
            continue
        start = interaction.dispatched_at
        if availability.overlaps(start - 0.5, start + deadline):
            figures.interactions["missed_bot_unreachable"] += 1
        elif interaction.id in faulted:
            figures.interactions["missed_injected_fault"] += 1
        elif lag.overlaps(start, start + deadline):
            figures.interactions["missed_fake_discord_stalled"] += 1
        else:
            figures.interactions["missed"] += 1
            what = interaction.data.get("custom_id") or interaction.data.get("name")
            at = time.time() - (time.monotonic() - start)
            clock = datetime.fromtimestamp(at).strftime("%H:%M:%S.%f")[:-3]
            findings.late.append(
                f"interaction {interaction.id} ({what}) at {clock}: no answer in time"
            )
