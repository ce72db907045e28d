"""The credit-pack core on a real database: which wallet, credited once, consumed until Discord
accepts, missed events found by the listing, refunds, and purchases placed by the member."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

from bot.jobs.shop import (
    Consumer,
    ConsumeResult,
    Entitlement,
    EntitlementGone,
    EntitlementType,
    PacksMisconfigured,
    Shop,
    Sku,
    SkuType,
    check_packs,
)
from bot.jobs.shop.api import DISCORD_EPOCH_MS
from config import Settings, load_settings
from storage.errors import NotYourPurchase
from storage.purchase_rows import PackEntitlement, Placement, PurchaseState
from storage.store import Storage

GUILD, OTHER_GUILD, BLOCKED_GUILD = 100, 200, 300
ALICE, BOB = 1, 2
SMALL, LARGE, SUBSCRIPTION = 9100, 9500, 9900
PACKS = {SMALL: 100, LARGE: 500}
NOW = 1_750_000_000.0
_ids = itertools.count(1)


def new_id(at: float = NOW) -> int:
    """A snowflake made at ``at``, as Discord's would be."""
    return ((int(at * 1000) - DISCORD_EPOCH_MS) << 22) + next(_ids)


class DiscordSaid(Exception):
    """An error answer from Discord's API."""

    def __init__(self, status: int) -> None:
        self.status = status
        super().__init__(f"{status} from Discord")


@dataclass
class DiscordShop:
    """Discord's SKU and entitlement routes, in memory: what the bot's adapter would reach."""

    skus_listed: list[Sku] = field(default_factory=list)
    known: dict[int, Entitlement] = field(default_factory=dict)
    consume_failures: int = 0  # the next N consumes are answered 500
    lose_consume_answers: int = 0  # the next N consumes take effect, but the answer is lost
    consumes: list[int] = field(default_factory=list)
    pages: list[int | None] = field(default_factory=list)  # the `after` of every listing call

    def buy(
        self, member: int | None, sku: int = SMALL, at: float = NOW, **fields: object
    ) -> Entitlement:
        entitlement = Entitlement(
            id=new_id(at), sku_id=sku, user_id=member, guild_id=None, type=EntitlementType.PURCHASE
        )
        entitlement = replace(entitlement, **fields)  # type: ignore[arg-type]
        self.known[entitlement.id] = entitlement
        return entitlement

    def refund(self, entitlement: Entitlement) -> Entitlement:
        deleted = replace(self.known[entitlement.id], deleted=True)
        self.known[entitlement.id] = deleted
        return deleted

    async def skus(self) -> Sequence[Sku]:
        return self.skus_listed

    async def entitlements(
        self, *, sku_ids: Sequence[int], after: int | None, limit: int
    ) -> Sequence[Entitlement]:
        self.pages.append(after)
        listed = sorted(
            (
                e
                for e in self.known.values()
                if e.sku_id in sku_ids and (after is None or e.id > after)
            ),
            key=lambda e: e.id,
        )
        return listed[:limit]

    async def entitlement(self, entitlement_id: int) -> Entitlement | None:
        return self.known.get(entitlement_id)

    async def consume(self, entitlement_id: int) -> None:
        self.consumes.append(entitlement_id)
        entitlement = self.known.get(entitlement_id)
        if entitlement is None or entitlement.deleted:
            raise EntitlementGone(entitlement_id)
        if self.consume_failures:
            self.consume_failures -= 1
            raise DiscordSaid(500)
        if entitlement.consumed:
            raise DiscordSaid(400)  # strictest reading of a second consume
        self.known[entitlement_id] = replace(entitlement, consumed=True)
        if self.lose_consume_answers:
            self.lose_consume_answers -= 1
            raise DiscordSaid(502)


@dataclass
class Harness:
    storage: Storage
    discord: DiscordShop
    shop: Shop
    clock: list[float]
    sleeps: list[float]

    async def balance(self, guild: int = GUILD, member: int = ALICE) -> int:
        return (await self.storage.ledger.wallet(guild, member)).balance


def make_shop(
    storage: Storage, discord: DiscordShop, clock: list[float], sleeps: list[float]
) -> Shop:
    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        await asyncio.sleep(0)

    consumer = Consumer(discord, storage.purchases, first_delay_s=1.0, max_delay_s=8.0, sleep=sleep)
    return Shop(
        storage.purchases,
        discord,
        PACKS,
        consumer=consumer,
        guild_allowed=lambda guild: guild != BLOCKED_GUILD,
        clock=lambda: clock[0],
    )


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(storage={"data_dir": tmp_path / "data"})


@pytest.fixture
async def harness(settings: Settings) -> AsyncIterator[Harness]:
    storage = await Storage.open(settings)
    discord = DiscordShop()
    clock, sleeps = [NOW], []
    shop = make_shop(storage, discord, clock, sleeps)
    yield Harness(storage, discord, shop, clock, sleeps)
    await shop.close()
    await storage.ledger.verify()
    await storage.close()


async def settled(h: Harness) -> None:
    await h.shop.consumer.wait_idle()


async def test_a_purchase_lands_in_the_server_that_showed_the_packs_once(harness: Harness):
    """Alice short of credits presses Buy in her server: +100 there once, and Discord is told it is used."""
    h = harness
    await h.shop.offer_shown(GUILD, ALICE)
    bought = h.discord.buy(ALICE)
    first = await h.shop.handle_entitlement(bought)
    assert first is not None and first.changed
    assert (first.purchase.guild_id, first.purchase.placement) == (GUILD, Placement.OFFER)
    await settled(h)
    again = await h.shop.handle_entitlement(bought)  # the event delivered twice
    assert again is not None and not again.changed
    await settled(h)
    assert await h.balance() == 110
    assert h.discord.consumes == [bought.id]
    assert h.discord.known[bought.id].consumed
    assert (await h.storage.purchases.get(bought.id)).consumed  # type: ignore[union-attr]


async def test_a_consume_answered_500_twice_is_retried_until_accepted(harness: Harness):
    """Discord failing the consume twice still credits once, and the third try is accepted."""
    h = harness
    await h.shop.offer_shown(GUILD, ALICE)
    h.discord.consume_failures = 2
    bought = h.discord.buy(ALICE)
    await h.shop.handle_entitlement(bought)
    await settled(h)
    assert h.discord.consumes == [bought.id] * 3
    assert h.sleeps == [1.0, 2.0]
    assert h.discord.known[bought.id].consumed
    assert await h.balance() == 110


async def test_consume_retries_back_off_up_to_the_cap(harness: Harness):
    """A long outage of the consume route waits 1, 2, 4, 8, 8... seconds, never hammering Discord."""
    h = harness
    await h.shop.offer_shown(GUILD, ALICE)
    h.discord.consume_failures = 6
    await h.shop.handle_entitlement(h.discord.buy(ALICE))
    await settled(h)
    assert h.sleeps == [1.0, 2.0, 4.0, 8.0, 8.0, 8.0]


async def test_a_lost_consume_answer_is_not_retried_forever(harness: Harness):
    """Discord consumed it but the answer was lost: the bot sees it consumed and stops asking."""
    h = harness
    await h.shop.offer_shown(GUILD, ALICE)
    h.discord.lose_consume_answers = 1
    bought = h.discord.buy(ALICE)
    await h.shop.handle_entitlement(bought)
    await settled(h)
    assert h.discord.consumes == [bought.id]
    assert (await h.storage.purchases.get(bought.id)).consumed  # type: ignore[union-attr]
    assert await h.balance() == 110


async def test_a_restart_between_credit_and_consume_consumes_without_crediting_again(
    settings: Settings,
):
    """The bot dies after the ledger commit, before the consume: after restart it consumes, credits once."""
    storage = await Storage.open(settings)
    discord = DiscordShop()
    clock: list[float] = [NOW]
    shop = make_shop(storage, discord, clock, [])
    await shop.offer_shown(GUILD, ALICE)
    discord.consume_failures = 10_000  # Discord never answers before the "crash"
    bought = discord.buy(ALICE)
    await shop.handle_entitlement(bought)
    await shop.close()
    await storage.close()

    discord.consume_failures = 0
    storage = await Storage.open(settings)
    restarted = make_shop(storage, discord, clock, [])
    try:
        report = await restarted.reconcile()
        assert report.recorded == []  # it was credited before the crash
        assert report.consuming == {bought.id}
        await restarted.consumer.wait_idle()
        assert discord.known[bought.id].consumed
        assert (await storage.ledger.wallet(GUILD, ALICE)).balance == 110
    finally:
        await restarted.close()
        await storage.ledger.verify()
        await storage.close()


async def test_an_event_missed_while_the_bot_was_down_is_found_by_the_listing(harness: Harness):
    """A purchase made while the bot was offline is credited at the next start, once, and consumed."""
    h = harness
    await h.shop.offer_shown(GUILD, ALICE)
    missed = h.discord.buy(ALICE)
    report = await h.shop.reconcile()
    assert [o.purchase.entitlement_id for o in report.recorded] == [missed.id]
    await settled(h)
    assert h.discord.known[missed.id].consumed
    again = await h.shop.reconcile()
    assert again.recorded == [] and again.consuming == set()
    await settled(h)
    assert await h.balance() == 110
    assert h.discord.consumes == [missed.id]


async def test_a_refund_missed_while_the_bot_was_down_is_found_by_the_listing(harness: Harness):
    """Discord refunded a credited pack while the bot was offline: the next start's listing
    takes the 100 back, once."""
    h = harness
    await h.shop.offer_shown(GUILD, ALICE)
    bought = h.discord.buy(ALICE)
    await h.shop.handle_entitlement(bought)
    await settled(h)
    h.discord.refund(bought)  # ENTITLEMENT_DELETE never arrives
    report = await h.shop.reconcile()
    assert [(o.purchase.entitlement_id, o.purchase.state) for o in report.recorded] == [
        (bought.id, PurchaseState.REFUNDED)
    ]
    again = await h.shop.reconcile()
    assert again.recorded == []
    assert await h.balance() == 10


async def test_the_listing_reads_every_page_and_starts_later_next_time(harness: Harness):
    """250 missed purchases over three pages are all credited; the next listing starts near the end."""
    h = harness
    await h.shop.offer_shown(GUILD, ALICE)
    two_days_ago = NOW - 2 * 86400
    bought = [h.discord.buy(ALICE, at=two_days_ago + minute * 60) for minute in range(250)]
    other = h.discord.buy(ALICE, sku=SUBSCRIPTION)  # not a pack: never listed or credited
    report = await h.shop.reconcile()
    assert (report.listed, len(report.recorded)) == (250, 250)
    assert h.discord.pages == [None, bought[99].id, bought[199].id]
    await settled(h)
    assert await h.balance() == 10 + 250 * 100
    assert other.id not in h.discord.consumes

    h.discord.pages.clear()
    again = await h.shop.reconcile()
    # One page from an hour before the newest id seen (its last hour), not from the start.
    newest_ms = int((two_days_ago + 249 * 60) * 1000)
    assert h.discord.pages == [(newest_ms - 3600 * 1000 - DISCORD_EPOCH_MS) << 22]
    assert (again.listed, again.recorded) == (61, [])  # minutes 189 to 249


async def test_a_failed_listing_lists_from_the_same_place_next_time(harness: Harness):
    """Discord failing half-way through the listing loses nothing: the next reconcile starts over."""
    h = harness
    await h.shop.offer_shown(GUILD, ALICE)
    for _ in range(150):
        h.discord.buy(ALICE)
    listing = h.discord.entitlements
    calls = 0

    async def failing_second_page(**query: object) -> Sequence[Entitlement]:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise DiscordSaid(503)
        return await listing(**query)  # type: ignore[arg-type]

    h.discord.entitlements = failing_second_page  # type: ignore[method-assign]
    with pytest.raises(DiscordSaid):
        await h.shop.reconcile()
    assert await h.storage.purchases.listing_cursor() is None
    report = await h.shop.reconcile()
    assert len(report.recorded) == 50  # the first page's 100 were kept
    await settled(h)
    assert await h.balance() == 10 + 150 * 100


async def test_a_listing_for_other_packs_starts_from_the_beginning(harness: Harness):
    """A pack added to the setting later finds its older unconsumed purchases too."""
    h = harness
    await h.shop.offer_shown(GUILD, ALICE)
    h.discord.buy(ALICE, sku=SMALL)
    await h.shop.reconcile()
    await settled(h)
    h.discord.pages.clear()
    h.shop.packs[7777] = 20
    await h.shop.reconcile()
    assert h.discord.pages == [None]


async def test_two_bot_processes_seeing_the_same_event_credit_once(settings: Settings):
    """Two bot processes on one database file handle the same event at once: +100, once."""
    discord = DiscordShop()
    stores = [await Storage.open(settings), await Storage.open(settings)]
    shops = [make_shop(storage, discord, [NOW], []) for storage in stores]
    try:
        await shops[0].offer_shown(GUILD, ALICE)
        bought = discord.buy(ALICE)
        outcomes = await asyncio.gather(*(shop.handle_entitlement(bought) for shop in shops * 5))
        assert sum(o.changed for o in outcomes if o is not None) == 1
        for shop in shops:
            await shop.consumer.wait_idle()
        assert discord.known[bought.id].consumed
        assert (await stores[0].ledger.wallet(GUILD, ALICE)).balance == 110
    finally:
        for shop in shops:
            await shop.close()
        await stores[0].ledger.verify()
        for storage in stores:
            await storage.close()


async def test_a_refund_takes_the_credits_back_once(harness: Harness):
    """Discord refunds the pack: the 100 go, once, even if the delete event comes twice."""
    h = harness
    await h.shop.offer_shown(GUILD, ALICE)
    bought = h.discord.buy(ALICE)
    await h.shop.handle_entitlement(bought)
    await settled(h)
    deleted = h.discord.refund(bought)
    first = await h.shop.handle_deleted(deleted)
    again = await h.shop.handle_entitlement(deleted)  # an UPDATE saying deleted
    assert first is not None and first.changed and first.entry is not None
    assert first.entry.delta == -100
    assert again is not None and not again.changed
    assert await h.balance() == 10


async def test_a_refund_after_spending_records_what_is_owed(harness: Harness):
    """95 of the 100 were spent on upscales: the refund takes 15 (balance 0) and 85 are owed."""
    h = harness
    await h.shop.offer_shown(GUILD, ALICE)
    bought = h.discord.buy(ALICE)
    await h.shop.handle_entitlement(bought)
    await h.storage.ledger.grant(GUILD, ALICE, -95, actor_id=0, reason="spent", key="spend")
    outcome = await h.shop.handle_deleted(h.discord.refund(bought))
    assert outcome is not None
    assert (outcome.purchase.refund_taken, outcome.purchase.refund_owed) == (15, 85)
    assert await h.balance() == 0
    assert await h.storage.purchases.owed(GUILD, ALICE) == 85


async def test_a_refund_seen_before_the_purchase_stops_it_being_credited(harness: Harness):
    """Events out of order (delete, then create or a listing): nothing is credited or consumed."""
    h = harness
    await h.shop.offer_shown(GUILD, ALICE)
    bought = h.discord.buy(ALICE)
    refunded = await h.shop.handle_deleted(replace(bought, deleted=True))
    assert refunded is not None and refunded.purchase.state is PurchaseState.REFUNDED
    late = await h.shop.handle_entitlement(bought)
    assert late is not None and not late.changed
    await h.shop.reconcile()
    await settled(h)
    assert await h.balance() == 10
    assert h.discord.consumes == []


async def test_a_refund_while_the_consume_is_retried_stops_the_retries(harness: Harness):
    """A pack refunded while Discord kept failing the consume is not consumed afterwards."""
    h = harness
    await h.shop.offer_shown(GUILD, ALICE)
    h.discord.consume_failures = 10_000
    bought = h.discord.buy(ALICE)
    await h.shop.handle_entitlement(bought)
    task = h.shop.consumer.ensure(bought.id)
    while len(h.discord.consumes) < 3:
        await asyncio.sleep(0)
    await h.storage.purchases.refund(PackEntitlement(bought.id, SMALL, ALICE, 100, False))
    assert await task == ConsumeResult.REFUNDED


async def test_a_consume_of_an_entitlement_discord_lost_stops(harness: Harness):
    """Discord answering 404 to the consume ends the retries (the refund event says the rest)."""
    h = harness
    await h.shop.offer_shown(GUILD, ALICE)
    bought = h.discord.buy(ALICE)
    del h.discord.known[bought.id]
    await h.shop.handle_entitlement(bought)
    assert await h.shop.consumer.ensure(bought.id) == ConsumeResult.GONE
    assert await h.balance() == 110  # credited before asking Discord


async def test_a_purchase_with_no_known_server_waits_and_is_placed_once(harness: Harness):
    """Bought from the app's store page: nothing lands until Alice adds it to a server, once."""
    h = harness
    bought = h.discord.buy(ALICE)
    waiting = await h.shop.handle_entitlement(bought)
    assert waiting is not None and waiting.purchase.state is PurchaseState.TO_PLACE
    await settled(h)
    assert h.discord.known[bought.id].consumed  # she can buy again meanwhile
    assert [p.entitlement_id for p in await h.shop.waiting_to_place(ALICE)] == [bought.id]
    with pytest.raises(NotYourPurchase):
        await h.shop.place(bought.id, BOB, GUILD)
    placed = await h.shop.place(bought.id, ALICE, OTHER_GUILD)
    twice = await h.shop.place(bought.id, ALICE, GUILD)
    assert placed.changed and not twice.changed
    assert (await h.balance(OTHER_GUILD), await h.balance(GUILD)) == (110, 10)
    assert await h.shop.waiting_to_place(ALICE) == []


@pytest.mark.parametrize(
    ("offers", "entitlement_guild", "expected"),
    [
        ([GUILD], None, (GUILD, Placement.OFFER)),
        ([GUILD, OTHER_GUILD], None, (None, None)),  # two servers showed it: cannot tell
        ([GUILD], OTHER_GUILD, (OTHER_GUILD, Placement.ENTITLEMENT)),
        ([GUILD], BLOCKED_GUILD, (GUILD, Placement.OFFER)),  # a server the bot no longer serves
        ([BLOCKED_GUILD], None, (None, None)),
        ([], None, (None, None)),
    ],
)
async def test_which_wallet_a_purchase_lands_in(
    harness: Harness,
    offers: list[int],
    entitlement_guild: int | None,
    expected: tuple[int | None, Placement | None],
):
    """Credits go where the member pressed Buy; when the bot cannot tell, they wait to be placed."""
    h = harness
    for guild in offers:
        await h.shop.offer_shown(guild, ALICE)
    outcome = await h.shop.handle_entitlement(h.discord.buy(ALICE, guild_id=entitlement_guild))
    assert outcome is not None
    assert (outcome.purchase.guild_id, outcome.purchase.placement) == expected


async def test_an_offer_shown_long_ago_does_not_decide_the_server(harness: Harness):
    """The packs seen in a server two hours ago: a purchase now waits to be placed instead."""
    h = harness
    await h.shop.offer_shown(GUILD, ALICE)
    h.clock[0] += 2 * 3600
    outcome = await h.shop.handle_entitlement(h.discord.buy(ALICE))
    assert outcome is not None and outcome.purchase.state is PurchaseState.TO_PLACE


async def test_entitlements_that_are_not_a_members_pack_are_left_alone(harness: Harness):
    """Another SKU, a server-owned entitlement, or one consumed elsewhere: no credits, no consume."""
    h = harness
    await h.shop.offer_shown(GUILD, ALICE)
    other_sku = h.discord.buy(ALICE, sku=SUBSCRIPTION)
    server_owned = h.discord.buy(None, guild_id=GUILD)
    consumed_elsewhere = h.discord.buy(ALICE, consumed=True)
    for entitlement in [other_sku, server_owned, consumed_elsewhere]:
        assert await h.shop.handle_entitlement(entitlement) is None
    for entitlement in [other_sku, server_owned]:
        assert await h.shop.handle_deleted(replace(entitlement, deleted=True)) is None
    await h.shop.reconcile()
    await settled(h)
    assert h.discord.consumes == []
    assert await h.balance() == 10
    assert await h.storage.purchases.get(consumed_elsewhere.id) is None


async def test_a_test_purchase_works_the_same_and_is_marked_as_test(harness: Harness):
    """The owner's test entitlement (type 4) credits like a real one, marked test in the audit."""
    h = harness
    await h.shop.offer_shown(GUILD, ALICE)
    test = h.discord.buy(ALICE, sku=LARGE, type=EntitlementType.TEST_MODE_PURCHASE)
    await h.shop.handle_entitlement(test)
    await settled(h)
    assert await h.balance() == 510
    (event,), _ = await h.storage.purchases.audit(GUILD)
    assert event.purchase.test and event.purchase.sku_id == LARGE
    sales = await h.storage.purchases.sales()
    assert (sales.test.sold, sales.paid.sold) == (500, 0)


async def test_the_start_up_check_names_every_pack_that_cannot_be_sold(harness: Harness):
    """A missing SKU and a subscription SKU in the setting are both named; good packs pass."""
    h = harness
    h.discord.skus_listed = [
        Sku(SMALL, "100 credits", SkuType.CONSUMABLE),
        Sku(LARGE, "Gold", SkuType.SUBSCRIPTION),
        Sku(7, "group", SkuType.SUBSCRIPTION_GROUP),
    ]
    with pytest.raises(PacksMisconfigured) as caught:
        await check_packs(h.discord, {SMALL: 100, LARGE: 500, 4242: 5})
    assert str(caught.value) == (
        "UPSCALE_CREDITS__PACKS: SKU 4242 is not one of this application's SKUs;"
        f" SKU {LARGE} (Gold) is subscription, not consumable"
    )
    assert [p.sku_id for p in caught.value.problems] == [4242, LARGE]
    await check_packs(h.discord, {SMALL: 100})
    await check_packs(DiscordShop(), {})  # no packs: Discord is not even asked


def test_the_packs_for_sale_are_listed_smallest_first():
    """The premium buttons read 100 credits, then 500."""
    shop = Shop(None, DiscordShop(), {LARGE: 500, SMALL: 100})  # type: ignore[arg-type]
    assert [(p.sku_id, p.credits) for p in shop.packs_for_sale()] == [(SMALL, 100), (LARGE, 500)]
