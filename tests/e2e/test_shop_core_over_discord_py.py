"""The shop core driven by real discord.py against the fake Discord: the bot's ShopApi
(``bot.features.credits.shop_api``) maps onto discord.py's calls (fetch_skus, entitlements, fetch_entitlement,
consume) and the core's rules hold over real HTTP and gateway events."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import discord
import pytest

from bot.features.credits.shop_api import DiscordShopApi, entitlement_facts
from bot.jobs.shop import (
    Consumer,
    PacksMisconfigured,
    Shop,
    check_packs,
)
from bot.playground.standin import FakeDiscord
from bot.playground.standin.shop import DURABLE
from config import load_settings
from storage.store import Storage

from .conftest import Runner


class ShopClient(discord.Client):
    """Hands every entitlement event to the core, as the bot's listeners will."""

    shop: Shop

    async def on_entitlement_create(self, entitlement: discord.Entitlement) -> None:
        await self.shop.handle_entitlement(entitlement_facts(entitlement))

    async def on_entitlement_delete(self, entitlement: discord.Entitlement) -> None:
        await self.shop.handle_deleted(entitlement_facts(entitlement))


async def eventually(condition: Callable[[], Awaitable[bool]], within: float = 10.0) -> None:
    deadline = time.monotonic() + within
    while not await condition():
        assert time.monotonic() < deadline, "not in time"
        await asyncio.sleep(0.02)


@pytest.fixture
async def storage(tmp_path: Path) -> AsyncIterator[Storage]:
    opened = await Storage.open(load_settings(storage={"data_dir": tmp_path / "data"}))
    yield opened
    await opened.ledger.verify()
    await opened.close()


async def connect(
    fake: FakeDiscord, run_client: Runner, storage: Storage, packs: dict[int, int]
) -> ShopClient:
    client = ShopClient(intents=discord.Intents.default())
    api = DiscordShopApi(client)
    consumer = Consumer(api, storage.purchases, first_delay_s=0.01, max_delay_s=0.05)
    client.shop = Shop(storage.purchases, api, packs, consumer=consumer)
    await run_client(client)
    return client


async def test_purchases_missed_while_down_then_live_ones_credit_once_and_are_consumed(
    fake: FakeDiscord, run_client: Runner, storage: Storage
):
    """A pack bought while the bot was down is found at start; one bought live, with its event
    delivered twice and the consume failing twice, lands once; both end consumed."""
    sku = fake.shop.add_sku("100 credits")
    alice, bob = fake.add_member("alice"), fake.add_member("bob")
    missed = fake.buy_in_store(alice, sku.id)  # no bot connected: nobody hears the event
    client = await connect(fake, run_client, storage, {sku.id: 100})
    report = await client.shop.reconcile()
    assert [o.purchase.entitlement_id for o in report.recorded] == [missed.id]
    await client.shop.offer_shown(fake.guild.id, bob.user.id)

    fake.shop.cues.duplicate("ENTITLEMENT_CREATE")
    fake.shop.fail_consume(2, status=503)
    live = fake.buy_in_store(bob, sku.id)
    await fake.wait_for(lambda: live.consumed and missed.consumed)
    await client.shop.consumer.wait_idle()
    # Alice's missed one waits to be placed (the bot never showed her the packs) ...
    waiting = await client.shop.waiting_to_place(alice.user.id)
    assert [p.entitlement_id for p in waiting] == [missed.id]
    await client.shop.place(missed.id, alice.user.id, fake.guild.id)
    # ... the live one landed where Bob was shown the packs, once.
    assert (await storage.ledger.wallet(fake.guild.id, bob.user.id)).balance == 110
    assert (await storage.ledger.wallet(fake.guild.id, alice.user.id)).balance == 110
    assert sorted(fake.shop.consumes) == sorted([missed.id, live.id])


async def test_a_refund_event_takes_the_pack_back_once(
    fake: FakeDiscord, run_client: Runner, storage: Storage
):
    """Discord's refund (ENTITLEMENT_DELETE, delivered twice) takes the 100 back once."""
    sku = fake.shop.add_sku("100 credits")
    alice = fake.add_member("alice")
    client = await connect(fake, run_client, storage, {sku.id: 100})
    await client.shop.offer_shown(fake.guild.id, alice.user.id)
    bought = fake.buy_in_store(alice, sku.id)
    await fake.wait_for(lambda: bought.consumed)
    fake.shop.cues.duplicate("ENTITLEMENT_DELETE")
    fake.refund(bought)

    async def refunded() -> bool:
        purchase = await storage.purchases.get(bought.id)
        return purchase is not None and purchase.refunded_at is not None

    await eventually(refunded)
    await asyncio.sleep(0.2)  # the repeated delete event arrives and must change nothing
    assert (await storage.ledger.wallet(fake.guild.id, alice.user.id)).balance == 10
    rows = await storage.ledger.recent(fake.guild.id, alice.user.id)
    assert [row.kind for row in rows] == ["refund", "purchase", "starting"]


async def test_the_start_up_check_reads_the_applications_skus(
    fake: FakeDiscord, run_client: Runner, storage: Storage
):
    """A pack set to a durable SKU, or to an id the application lacks, is named at start."""
    pack = fake.shop.add_sku("100 credits")
    lifetime = fake.shop.add_sku("Lifetime", DURABLE)
    client = await connect(fake, run_client, storage, {})
    api = DiscordShopApi(client)
    await check_packs(api, {pack.id: 100})
    with pytest.raises(PacksMisconfigured) as caught:
        await check_packs(api, {pack.id: 100, lifetime.id: 50, 4242: 5})
    assert str(caught.value) == (
        "UPSCALE_CREDITS__PACKS: SKU 4242 is not one of this application's SKUs;"
        f" SKU {lifetime.id} (Lifetime) is durable, not consumable"
    )
