"""Credit packs bought inside Discord, through the fake Discord and the real bot: a member short
of credits presses the premium button and the pack lands once, however Discord misbehaves."""

from __future__ import annotations

import asyncio
import re

import pytest

from bot.app import UpscaleBot
from bot.playground.standin import FakeDiscord, Member, Message
from bot.playground.standin.shop import Entitlement, Sku
from bot.playground.standin.shop_actions import premium_buttons
from bot.playground.standin.state import Channel
from config import Settings
from testbed.images import encoded, photo

from .conftest import BotFactory
from .member import credits_text


def pack_settings(bot_settings: Settings, sku: Sku, *, starting: int = 10) -> Settings:
    settings = bot_settings.model_copy(deep=True)
    settings.credits.packs = {sku.id: 100}
    settings.credits.starting_balance = starting
    settings.credits.consume_retry_s = 0.05
    return settings


async def short_of_credits(fake: FakeDiscord, member: Member) -> Message:
    """/upscale with too few credits: the notice the member sees."""
    fake.run_slash("upscale", member, attachments={"image": ("a.png", encoded(photo(16, 16)))})
    notices: list[Message] = await fake.wait_for(
        lambda: [
            m
            for m in fake.visible_messages(member)
            if m.ephemeral and "Not enough credits" in m.content
        ]
    )
    return notices[-1]


async def credits_message(
    fake: FakeDiscord, member: Member, channel: Channel | None = None
) -> Message:
    handle = await fake.run_slash("credits", member, channel=channel).response()
    return handle.shown()[0]


def balance(text: str) -> int:
    found = re.search(r"\*\*Balance (\d+)\*\*", text)
    assert found, text
    return int(found.group(1))


def audit_lines(fake: FakeDiscord, channel: Channel) -> list[str]:
    return [m.content for m in fake.messages.values() if m.channel_id == channel.id]


async def settled(bot: UpscaleBot, entitlement: Entitlement) -> None:
    """The bot has finished consuming and noted it."""
    await bot.context.shop.consumer.wait_idle()
    purchase = await bot.storage.purchases.get(entitlement.id)
    assert purchase is not None and purchase.consumed, purchase


async def test_short_of_credits_the_member_buys_a_pack_and_it_lands_once(
    fake: FakeDiscord, start_bot: BotFactory, bot_settings: Settings
):
    """1 credit of 3: the confirmation offers the pack; pressing it adds 100 credits once,
    Discord's entitlement is consumed, and the audit channel and metrics say so."""
    sku = fake.shop.add_sku("100 credits")
    audit = fake.add_channel("audit")
    settings = pack_settings(bot_settings, sku, starting=1)
    settings.discord.audit_channel = audit.id
    bot = await start_bot(settings)
    alice = fake.add_member("alice")

    notice = await short_of_credits(fake, alice)
    assert "Not enough credits: 1 of 3." in notice.content
    (button,) = premium_buttons(notice.components)
    # Discord's rule for a premium button: the SKU and nothing a bot could label it with.
    assert button["style"] == 6 and int(button["sku_id"]) == sku.id
    assert not {"label", "custom_id", "url", "emoji"} & {k for k, v in button.items() if v}

    bought = fake.buy(alice, notice)
    await fake.wait_for(lambda: bought.consumed)
    await settled(bot, bought)
    assert balance(await credits_text(fake, alice)) == 101
    assert fake.shop.consumes == [bought.id]
    lines = await fake.wait_for(lambda: audit_lines(fake, audit))
    assert lines == [
        f"<@{alice.user.id}> bought 100 credits (SKU {sku.id} · entitlement {bought.id})"
    ]
    sold = bot.metrics.registry.get_sample_value("upscale_credits_sold_total", {"test": "false"})
    assert sold == 100


@pytest.mark.parametrize("fault", ["event twice", "consume answered 500 twice"])
async def test_a_purchase_credits_once_when_discord_misbehaves(
    fake: FakeDiscord, start_bot: BotFactory, bot_settings: Settings, fault: str
):
    """The event delivered twice, or the consume refused twice: still 100 credits, once,
    and the entitlement ends consumed."""
    sku = fake.shop.add_sku("100 credits")
    bot = await start_bot(pack_settings(bot_settings, sku))
    alice = fake.add_member("alice")
    shown = await credits_message(fake, alice)
    if fault == "event twice":
        fake.shop.cues.duplicate("ENTITLEMENT_CREATE")
    else:
        fake.shop.fail_consume(2, status=500)
    bought = fake.buy(alice, shown)
    await fake.wait_for(lambda: bought.consumed)
    await settled(bot, bought)
    assert balance(await credits_text(fake, alice)) == 110
    consume_faults = [f for f in fake.faults.injected if "/consume" in f.path]
    assert len(consume_faults) == (2 if fault != "event twice" else 0)
    rows = await bot.storage.ledger.recent(fake.guild.id, alice.user.id)
    assert [row.kind for row in rows] == ["purchase", "starting"]


async def test_a_purchase_missed_while_the_bot_was_down_is_found_at_start(
    fake: FakeDiscord, start_bot: BotFactory, bot_settings: Settings
):
    """Bought while the bot was down (no event heard): at start the listing finds it and it
    lands, once, in the server that showed the packs."""
    sku = fake.shop.add_sku("100 credits")
    settings = pack_settings(bot_settings, sku)
    first = await start_bot(settings)
    alice = fake.add_member("alice")
    shown = await credits_message(fake, alice)
    await first.close()

    bought = fake.buy(alice, shown)  # nobody is connected to hear ENTITLEMENT_CREATE
    second = await start_bot(settings)
    await fake.wait_for(lambda: bought.consumed)
    await settled(second, bought)
    assert balance(await credits_text(fake, alice)) == 110
    await second.storage.ledger.verify()


async def test_a_purchase_with_no_known_server_is_placed_where_the_member_chooses_once(
    fake: FakeDiscord, start_bot: BotFactory, bot_settings: Settings
):
    """Bought in the app's store page (no server): /credits in server B offers to add it;
    it lands there once, and server A never sees it."""
    sku = fake.shop.add_sku("100 credits")
    bot = await start_bot(pack_settings(bot_settings, sku))
    alice = fake.add_member("alice")
    other = fake.add_guild("B")
    alice_b = fake.add_member("alice", guild=other, user=alice.user)
    bought = fake.buy_in_store(alice, sku.id)
    await fake.wait_for(lambda: bought.consumed)  # consumed while it waits to be placed

    shown = await credits_message(fake, alice_b, other.general)
    assert "not yet in any server" in shown.content
    place = f"pl:{bought.id}:100"
    placed = await fake.click(shown, place, alice_b).response()
    assert placed.shown()[0].content == (
        "Added 100 credits to your wallet in this server. Balance: 110."
    )
    again = await fake.click(shown, place, alice_b).response()
    assert "already added to this server" in again.shown()[0].content
    after = await credits_message(fake, alice_b, other.general)
    assert balance(after.content) == 110 and "not yet in any server" not in after.content
    assert not any(
        c.get("custom_id", "").startswith("pl:")
        for row in after.components
        for c in row["components"]
    )
    assert balance(await credits_text(fake, alice)) == 10
    await bot.storage.ledger.verify()


async def test_a_refund_takes_the_credits_back_once_and_posts_the_audit_line(
    fake: FakeDiscord, start_bot: BotFactory, bot_settings: Settings
):
    """A test purchase (the owner in test mode), then most of it revoked, then Discord's
    refund delivered twice: what is left is taken back once, never below zero, the rest is
    owed; the audit channel and /credits-admin audit show both, marked test."""
    sku = fake.shop.add_sku("100 credits")
    audit = fake.add_channel("audit")
    settings = pack_settings(bot_settings, sku)
    settings.discord.audit_channel = audit.id
    bot = await start_bot(settings)
    owner = fake.guild.owner
    alice = fake.add_member("alice")
    shown = await credits_message(fake, alice)
    bought = fake.buy(alice, shown, test=True)
    await fake.wait_for(lambda: bought.consumed)
    await settled(bot, bought)
    revoke = [
        {"name": "member", "type": 6, "value": str(alice.user.id)},
        {"name": "amount", "type": 4, "value": 105},
        {"name": "reason", "type": 3, "value": "spent elsewhere"},
    ]
    await fake.run_slash("credits-admin revoke", owner, revoke).response()
    assert balance(await credits_text(fake, alice)) == 5

    fake.shop.cues.duplicate("ENTITLEMENT_DELETE")
    fake.refund(bought)
    marks = f"SKU {sku.id} · entitlement {bought.id} · test"
    refund_line = (
        f"Discord refunded <@{alice.user.id}>'s 100 credits: 5 taken back; 95 already spent,"
        f" owed ({marks})"
    )
    await fake.wait_for(lambda: refund_line in audit_lines(fake, audit))
    await asyncio.sleep(0.3)  # the repeated delete event arrives and must change nothing
    assert balance(await credits_text(fake, alice)) == 0
    assert audit_lines(fake, audit).count(refund_line) == 1
    admin_audit = await fake.run_slash("credits-admin audit", owner).response()
    text = admin_audit.shown()[0].content
    assert refund_line in text and f"bought 100 credits ({marks})" in text
    refunded = bot.metrics.registry.get_sample_value(
        "upscale_credits_sold_refunded_total", {"test": "true"}
    )
    assert refunded == 100
    await bot.storage.ledger.verify()


async def test_a_purchase_whose_event_the_gateway_dropped_is_found_after_the_reconnect(
    fake: FakeDiscord, start_bot: BotFactory, bot_settings: Settings
):
    """The gateway loses ENTITLEMENT_CREATE, then the connection drops and resumes: the
    listing after the reconnect finds the purchase and credits it once."""
    sku = fake.shop.add_sku("100 credits")
    bot = await start_bot(pack_settings(bot_settings, sku))
    alice = fake.add_member("alice")
    shown = await credits_message(fake, alice)
    fake.shop.cues.drop("ENTITLEMENT_CREATE")
    bought = fake.buy(alice, shown)
    assert fake.shop.cues.dropped == [("ENTITLEMENT_CREATE", bought.id)]
    await asyncio.sleep(0.2)
    assert not bought.consumed  # nobody heard of it yet
    await fake.gateway.drop()
    await fake.wait_for(lambda: bought.consumed, within=30)
    await settled(bot, bought)
    assert balance(await credits_text(fake, alice)) == 110


async def test_a_refund_made_while_the_bot_was_down_is_found_at_start(
    fake: FakeDiscord, start_bot: BotFactory, bot_settings: Settings
):
    """Discord refunds a credited pack while the bot is down (ENTITLEMENT_DELETE unheard):
    at start the listing finds the deleted entitlement and takes the 100 back, once."""
    sku = fake.shop.add_sku("100 credits")
    settings = pack_settings(bot_settings, sku)
    first = await start_bot(settings)
    alice = fake.add_member("alice")
    bought = fake.buy(alice, await credits_message(fake, alice))
    await fake.wait_for(lambda: bought.consumed)
    await settled(first, bought)
    await first.close()
    fake.refund(bought)

    second = await start_bot(settings)

    async def refunded() -> bool:
        purchase = await second.storage.purchases.get(bought.id)
        return purchase is not None and purchase.refunded_at is not None

    deadline = asyncio.get_running_loop().time() + 15
    while not await refunded():
        assert asyncio.get_running_loop().time() < deadline, "the refund was not found"
        await asyncio.sleep(0.05)
    assert balance(await credits_text(fake, alice)) == 10
    rows = await second.storage.ledger.recent(fake.guild.id, alice.user.id)
    assert [row.kind for row in rows] == ["refund", "purchase", "starting"]


async def test_replies_fit_discords_limits_with_many_packs_and_purchases_waiting(
    fake: FakeDiscord, start_bot: BotFactory, bot_settings: Settings
):
    """25 packs and 6 purchases waiting for a server: /credits and the low-balance
    confirmation stay within 5 rows of 5 (the fake refuses more, as Discord does)."""
    skus = [fake.shop.add_sku(f"{n} credits") for n in range(1, 26)]
    settings = pack_settings(bot_settings, skus[0], starting=1)
    settings.credits.packs = {sku.id: index + 1 for index, sku in enumerate(skus)}
    bot = await start_bot(settings)
    alice = fake.add_member("alice")
    bought = [fake.buy_in_store(alice, sku.id) for sku in skus[:6]]
    await fake.wait_for(lambda: all(e.consumed for e in bought))
    await bot.context.shop.consumer.wait_idle()

    shown = await credits_message(fake, alice)
    rows = shown.components
    assert len(rows) == 5 and all(len(row["components"]) == 5 for row in rows)
    assert [c["custom_id"] for c in rows[0]["components"]] == [
        f"pl:{e.id}:{index + 1}" for index, e in enumerate(bought[:5])
    ]
    # The smallest 20 packs, smallest first.
    assert [int(b["sku_id"]) for b in premium_buttons(rows)] == [s.id for s in skus[:20]]
    notice = await short_of_credits(fake, alice)
    assert len(premium_buttons(notice.components)) == 20 and len(notice.components) == 4
