"""Per-server settings and the allowance in SQLite: defaults from configuration, values a server
set, the starting balance reaching new wallets, and free credits once per period up to a cap."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from config import Settings, load_settings
from storage.database import known_migrations, split_sql, utc_now
from storage.errors import InvalidSetting
from storage.store import Storage

from .conftest import ALICE, GUILD

OTHER_GUILD = 200
DAY_S = 86_400
START = 1_800_014_400.0  # noon UTC


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def timed_storage(settings: Settings, clock: Clock) -> AsyncIterator[Storage]:
    opened = await Storage.open(settings, clock=clock)
    yield opened
    await opened.ledger.verify()
    await opened.close()


async def test_a_server_that_set_nothing_gets_the_configuration(tmp_path: Path):
    settings = load_settings(
        storage={"data_dir": tmp_path},
        credits={"upscale_price": 4, "top_up_url": "https://example.com/buy"},
        discord={"auto_button_channels": [7], "audit_channel": 9},
    )
    storage = await Storage.open(settings)
    try:
        server = await storage.servers.get(GUILD)
        assert (server.guild_id, server.upscale_price, server.top_up_url) == (
            GUILD,
            4,
            "https://example.com/buy",
        )
        assert (server.auto_button_channels, server.audit_channel_id) == ((7,), 9)
        assert server.customised == frozenset() and server.allowance is None
    finally:
        await storage.close()


async def test_changes_are_per_server_reported_and_reset_by_none(timed_storage: Storage):
    servers = timed_storage.servers
    changes = await servers.update(
        GUILD, {"upscale_price": 5, "auto_button_channels": (3, 2, 3)}, actor_id=ALICE
    )
    assert [(c.name, c.before, c.after, c.default) for c in changes] == [
        ("upscale_price", 3, 5, False),
        ("auto_button_channels", (), (2, 3), False),
    ]
    assert (await servers.get(OTHER_GUILD)).upscale_price == 3
    # Setting the same value again changes nothing; None goes back to the default.
    assert await servers.update(GUILD, {"upscale_price": 5}, actor_id=ALICE) == []
    (reset,) = await servers.update(GUILD, {"upscale_price": None}, actor_id=ALICE)
    assert (reset.before, reset.after, reset.default) == (5, 3, True)
    server = await servers.get(GUILD)
    assert server.customised == frozenset({"auto_button_channels"})
    # A second process (or a restart) reads the same from the file.
    fresh = await timed_storage.database.read(lambda conn: servers.settings_in(conn, GUILD))
    assert fresh == server


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("upscale_price", -1),
        ("starting_balance", 10**9),
        ("allowance_every_hours", 0),
        ("top_up_url", "javascript:alert(1)"),
        ("top_up_url", "https://example.com/" + "x" * 300),
        ("auto_button_channels", tuple(range(1, 30))),
        ("admin_role_id", 0),
    ],
)
async def test_bad_values_are_refused_and_nothing_is_written(
    timed_storage: Storage, name: str, value: object
):
    with pytest.raises(InvalidSetting):
        await timed_storage.servers.update(
            GUILD,
            {"upscale_price": 9, name: value},  # type: ignore[dict-item]
            actor_id=ALICE,
        )
    assert (await timed_storage.servers.get(GUILD)).customised == frozenset()


async def test_each_server_starting_balance_reaches_its_new_wallets(timed_storage: Storage):
    await timed_storage.servers.update(GUILD, {"starting_balance": 20}, actor_id=ALICE)
    assert (await timed_storage.ledger.wallet(GUILD, ALICE)).balance == 20
    assert (await timed_storage.ledger.wallet(OTHER_GUILD, ALICE)).balance == 10
    # An existing wallet keeps what it has.
    await timed_storage.servers.update(GUILD, {"starting_balance": 50}, actor_id=ALICE)
    assert (await timed_storage.ledger.wallet(GUILD, ALICE)).balance == 20


async def test_allowance_once_per_period_never_above_the_cap(timed_storage: Storage, clock: Clock):
    ledger = timed_storage.ledger
    await timed_storage.servers.update(
        GUILD,
        {"allowance_amount": 4, "allowance_every_hours": 24, "allowance_cap": 17},
        actor_id=ALICE,
    )
    assert (await ledger.wallet(GUILD, ALICE)).balance == 10  # the first day is covered
    clock.now += DAY_S / 2 - 1  # still the same UTC day
    assert (await ledger.wallet(GUILD, ALICE)).balance == 10
    clock.now += 2  # the next day
    for _ in range(3):
        assert (await ledger.wallet(GUILD, ALICE)).balance == 14
    clock.now += 5 * DAY_S  # five days away: owed 20, capped at 17
    assert (await ledger.wallet(GUILD, ALICE)).balance == 17
    clock.now += DAY_S
    assert (await ledger.wallet(GUILD, ALICE)).balance == 17
    rows = [e for e in await ledger.recent(GUILD, ALICE, limit=50) if e.kind == "allowance"]
    assert [e.delta for e in rows] == [3, 4]
    assert len({e.idempotency_key for e in rows}) == 2
    # Other servers give nothing; spending below the cap makes room for the next period.
    assert (await ledger.wallet(OTHER_GUILD, ALICE)).balance == 10
    await ledger.grant(GUILD, ALICE, -10, actor_id=0, reason="spent", key="spend")
    clock.now += DAY_S
    assert (await ledger.wallet(GUILD, ALICE)).balance == 11


async def test_allowance_counts_from_when_it_is_turned_on(timed_storage: Storage, clock: Clock):
    """A member seen before the allowance existed is not paid for the days before it."""
    ledger = timed_storage.ledger
    await ledger.wallet(GUILD, ALICE)
    clock.now += 30 * DAY_S
    await timed_storage.servers.update(GUILD, {"allowance_amount": 2}, actor_id=ALICE)
    assert (await ledger.wallet(GUILD, ALICE)).balance == 10
    clock.now += DAY_S
    assert (await ledger.wallet(GUILD, ALICE)).balance == 12


async def test_holds_see_the_allowance_too(timed_storage: Storage, clock: Clock):
    """A member whose allowance is due can spend it straight away."""
    from testbed.ledger_ops import hold

    ledger = timed_storage.ledger
    await timed_storage.servers.update(
        GUILD, {"starting_balance": 0, "allowance_amount": 3}, actor_id=ALICE
    )
    assert (await ledger.wallet(GUILD, ALICE)).balance == 0
    clock.now += DAY_S
    entry = await hold(ledger, GUILD, ALICE, 3, key="h")
    assert (entry.balance_after, entry.held_after) == (3, 3)


async def test_the_migration_keeps_an_older_ledger_and_accepts_allowance_rows(tmp_path: Path):
    """A database from before per-server settings: rows, ids and append-only rules survive."""
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path, isolation_level=None) as conn:
        conn.execute(
            "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
            " applied_at TEXT NOT NULL)"
        )
        for version, name, sql in known_migrations()[:3]:
            for statement in split_sql(sql):
                conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, ?)", (version, name, utc_now())
            )
        conn.execute("INSERT INTO wallets VALUES (1, 2, 15, 0, 'then')")
        conn.execute(
            "INSERT INTO ledger (id, guild_id, member_id, kind, delta, held_delta, balance_after,"
            " held_after, idempotency_key, created_at) VALUES"
            " (41, 1, 2, 'starting', 10, 0, 10, 0, 'starting:1:2', 'then'),"
            " (42, 1, 2, 'grant', 5, 0, 15, 0, 'g', 'then')"
        )
    conn.close()

    settings = load_settings(storage={"data_dir": tmp_path, "database_path": path})
    storage = await Storage.open(settings)
    try:
        assert await storage.database.schema_version() >= 4
        rows = await storage.ledger.recent(1, 2)
        assert [(e.id, e.kind, e.delta) for e in rows] == [(42, "grant", 5), (41, "starting", 10)]
        await storage.ledger.verify()
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            await storage.database.write(lambda c: c.execute("DELETE FROM ledger"))
        await storage.servers.update(1, {"allowance_amount": 1}, actor_id=0)
        await storage.ledger.wallet(1, 2)  # starts the count
        await storage.database.write(
            lambda c: c.execute("UPDATE wallets SET allowance_period = 0 WHERE member_id = 2")
        )
        assert (await storage.ledger.wallet(1, 2)).balance == 20  # up to the default cap
        await storage.ledger.verify()
    finally:
        await storage.close()


async def test_the_unsuccessful_jobs_page(storage: Storage):
    """Newest first, a page at a time, this server only."""
    from storage.jobs import JobState

    from .conftest import job_request

    await storage.ledger.grant(GUILD, ALICE, 100, actor_id=0, reason="r", key="g")
    ids = []
    for i in range(5):
        job = (await storage.jobs.submit(job_request(f"k{i}", message_id=600 + i), price=3)).job
        await storage.jobs.finish_unsuccessfully(
            job.id, JobState.FAILED, code="internal", message="internal", error_id=f"e{i}"
        )
        ids.append(job.id)
    page = await storage.jobs.unsuccessful(GUILD, page=2, per_page=2)
    assert (page.page, page.pages, page.total) == (2, 3, 5)
    assert [j.id for j in page.jobs] == [ids[2], ids[1]]
    assert [j.error_id for j in page.jobs] == ["e2", "e1"]
    assert (await storage.jobs.unsuccessful(GUILD, page=99, per_page=2)).page == 3
    assert (await storage.jobs.unsuccessful(OTHER_GUILD)).total == 0
