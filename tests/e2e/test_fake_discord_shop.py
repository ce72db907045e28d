"""The fake Discord's shop behaves like Discord's towards unmodified discord.py: SKUs,
entitlements listed with filters and pages, consumed, test ones created and deleted, the
ENTITLEMENT_* events, premium buttons, and a member buying through one."""

from __future__ import annotations

import time

import discord
import pytest
from discord.ext import commands

from bot.playground.standin import FakeDiscord, PurchaseBlocked
from bot.playground.standin.shop import DURABLE

from .conftest import Runner
from .test_fake_discord_limits import RawView


class ShopBot(commands.Bot):
    """Shows premium buttons with /packs and keeps every entitlement event it receives."""

    def __init__(self) -> None:
        super().__init__(
            command_prefix="!", intents=discord.Intents.default(), guild_ready_timeout=0.1
        )
        self.events: list[tuple[str, discord.Entitlement]] = []
        self.refusals: dict[str, discord.HTTPException] = {}
        self.sku_ids: list[int] = []

        @self.tree.command(name="packs", description="shows the packs")
        async def packs(interaction: discord.Interaction) -> None:
            view = discord.ui.View(timeout=None)
            for sku_id in self.sku_ids:
                view.add_item(discord.ui.Button(style=discord.ButtonStyle.premium, sku_id=sku_id))
            await interaction.response.send_message("Buy credits", view=view, ephemeral=True)

        @self.tree.command(name="bad-premium", description="tries refused premium buttons")
        async def bad_premium(interaction: discord.Interaction) -> None:
            sku = str(self.sku_ids[0])
            premium = {"type": 2, "style": 6, "sku_id": sku}
            cases: dict[str, discord.ui.View] = {
                "label": discord.ui.View().add_item(
                    discord.ui.Button(
                        style=discord.ButtonStyle.premium, sku_id=self.sku_ids[0], label="Buy"
                    )
                ),
                "emoji": discord.ui.View().add_item(
                    discord.ui.Button(
                        style=discord.ButtonStyle.premium, sku_id=self.sku_ids[0], emoji="💎"
                    )
                ),
                "custom_id": RawView([{"type": 1, "components": [{**premium, "custom_id": "x"}]}]),
                "url": RawView([{"type": 1, "components": [{**premium, "url": "https://a.b"}]}]),
                "no sku_id": RawView([{"type": 1, "components": [{"type": 2, "style": 6}]}]),
                "sku_id on a plain button": RawView(
                    [
                        {
                            "type": 1,
                            "components": [
                                {
                                    "type": 2,
                                    "style": 1,
                                    "custom_id": "b",
                                    "label": "b",
                                    "sku_id": sku,
                                }
                            ],
                        }
                    ]
                ),
            }
            for case, view in cases.items():
                try:
                    await interaction.response.send_message("bad", view=view)
                except discord.HTTPException as exc:
                    self.refusals[case] = exc
            await interaction.response.send_message("fine")

    async def setup_hook(self) -> None:
        await self.tree.sync()

    async def on_entitlement_create(self, entitlement: discord.Entitlement) -> None:
        self.events.append(("create", entitlement))

    async def on_entitlement_update(self, entitlement: discord.Entitlement) -> None:
        self.events.append(("update", entitlement))

    async def on_entitlement_delete(self, entitlement: discord.Entitlement) -> None:
        self.events.append(("delete", entitlement))


async def started(fake: FakeDiscord, run_client: Runner, *sku_ids: int) -> ShopBot:
    bot = ShopBot()
    bot.sku_ids = list(sku_ids)
    await run_client(bot)
    return bot


async def test_a_member_buys_through_a_premium_button_and_the_bot_consumes(
    fake: FakeDiscord, run_client: Runner
):
    """Pressing the premium button raises ENTITLEMENT_CREATE; Entitlement.consume() marks it used."""
    sku = fake.shop.add_sku("100 credits")
    bot = await started(fake, run_client, sku.id)
    alice = fake.add_member("alice")
    (shown,) = (await fake.run_slash("packs", alice).response()).shown()
    assert shown.components == [
        {
            "type": 1,
            "components": [{"type": 2, "style": 6, "disabled": False, "sku_id": str(sku.id)}],
        }
    ]
    bought = fake.buy(alice, shown)
    await fake.wait_for(lambda: bot.events)
    ((kind, entitlement),) = bot.events
    assert kind == "create"
    assert (entitlement.id, entitlement.sku_id, entitlement.user_id) == (
        bought.id,
        sku.id,
        alice.user.id,
    )
    assert entitlement.type is discord.EntitlementType.purchase
    assert (entitlement.guild_id, entitlement.consumed, entitlement.deleted) == (None, False, False)
    with pytest.raises(PurchaseBlocked, match="until it is consumed"):
        fake.buy(alice, shown)  # Discord sells a consumable again only once it is consumed
    await entitlement.consume()
    assert bought.consumed and fake.shop.consumes == [bought.id]
    assert (await bot.fetch_entitlement(bought.id)).consumed
    again = fake.buy(alice, shown)
    await fake.wait_for(lambda: len(bot.events) == 2)
    assert bot.events[1][1].id == again.id != bought.id


async def test_an_owner_in_test_mode_buys_again_without_consuming(
    fake: FakeDiscord, run_client: Runner
):
    """Test-mode purchases (type 4) carry no dates and may repeat, as Discord allows."""
    sku = fake.shop.add_sku("100 credits")
    bot = await started(fake, run_client, sku.id)
    (shown,) = (await fake.run_slash("packs", fake.owner).response()).shown()
    fake.buy(fake.owner, shown, test=True)
    fake.buy(fake.owner, shown, test=True)
    await fake.wait_for(lambda: len(bot.events) == 2)
    types = {entitlement.type for _, entitlement in bot.events}
    assert types == {discord.EntitlementType.test_mode_purchase}
    assert {entitlement.starts_at for _, entitlement in bot.events} == {None}


async def test_a_premium_button_is_only_pressed_where_it_is_shown(
    fake: FakeDiscord, run_client: Runner
):
    """Bob cannot press Alice's ephemeral button, nor a SKU it does not offer."""
    sku, other = fake.shop.add_sku("100 credits"), fake.shop.add_sku("500 credits")
    await started(fake, run_client, sku.id)
    alice, bob = fake.add_member("alice"), fake.add_member("bob")
    (shown,) = (await fake.run_slash("packs", alice).response()).shown()
    with pytest.raises(PurchaseBlocked, match="cannot see"):
        fake.buy(bob, shown)
    with pytest.raises(PurchaseBlocked, match="no premium button"):
        fake.buy(alice, shown, other.id)
    assert fake.shop.entitlements == {}


async def test_premium_buttons_with_a_label_emoji_url_or_custom_id_are_refused(
    fake: FakeDiscord, run_client: Runner
):
    """As Discord does, a premium button that carries anything but its sku_id gets 50035."""
    sku = fake.shop.add_sku("100 credits")
    bot = await started(fake, run_client, sku.id)
    handle = await fake.run_slash("bad-premium", fake.add_member("alice")).response()
    assert sorted(bot.refusals) == sorted(
        ["label", "emoji", "custom_id", "url", "no sku_id", "sku_id on a plain button"]
    )
    assert {exc.code for exc in bot.refusals.values()} == {50035}
    texts = {case: exc.text for case, exc in bot.refusals.items()}
    for field in ("label", "emoji", "custom_id", "url"):
        assert (
            f"In data.components.0.components.0.{field}: A premium button cannot have a {field}."
            in texts[field]
        )
    assert "In data.components.0.components.0.sku_id: This field is required" in texts["no sku_id"]
    assert "Only premium buttons carry a sku_id." in texts["sku_id on a plain button"]
    (reply,) = handle.shown()
    assert reply.content == "fine"


async def test_skus_are_fetched_with_their_types(fake: FakeDiscord, run_client: Runner):
    """fetch_skus() reads each SKU's id, name and type (consumable or not)."""
    pack = fake.shop.add_sku("100 credits")
    lifetime = fake.shop.add_sku("Lifetime", DURABLE)
    bot = await started(fake, run_client)
    skus = {sku.id: sku for sku in await bot.fetch_skus()}
    assert skus[pack.id].type is discord.SKUType.consumable
    assert skus[lifetime.id].type is discord.SKUType.durable
    assert (skus[pack.id].name, skus[pack.id].slug) == ("100 credits", "100-credits")
    assert skus[pack.id].application_id == fake.application_id


async def test_entitlements_are_listed_with_filters_and_pages(
    fake: FakeDiscord, run_client: Runner
):
    """Client.entitlements() pages through 150 purchases, filtered by SKU, user, guild, deleted."""
    small, large = fake.shop.add_sku("100 credits"), fake.shop.add_sku("500 credits")
    bot = await started(fake, run_client)
    alice, bob = fake.add_member("alice"), fake.add_member("bob")
    bought = []
    for i in range(150):
        bought.append(
            fake.shop.grant(small if i % 3 else large, user_id=(alice, bob)[i % 2].user.id)
        )
        bought[-1].consumed = True  # consumed, so the next one can be bought
    refunded = fake.shop.grant(small, user_id=alice.user.id)
    fake.refund(refunded)
    server_test = fake.shop.grant(small, guild_id=fake.guild.id, type=4)
    ended = fake.shop.grant(small, user_id=bob.user.id + 1, type=4)
    ended.ends_at = time.time() - 60  # a subscription-like entitlement past its end

    async def listed(**query: object) -> list[int]:
        return [e.id async for e in bot.entitlements(limit=None, **query)]  # type: ignore[arg-type]

    everything = [e.id for e in bought] + [server_test.id]
    assert await listed() == [*everything, ended.id]
    assert await listed(exclude_ended=True) == everything
    assert await listed(skus=[discord.Object(large.id)]) == [
        e.id for e in bought if e.sku_id == large.id
    ]
    assert await listed(user=discord.Object(bob.user.id)) == [
        e.id for e in bought if e.user_id == bob.user.id
    ]
    assert await listed(guild=discord.Object(fake.guild.id)) == [server_test.id]
    with_deleted = [
        e
        async for e in bot.entitlements(
            limit=None, exclude_deleted=False, before=discord.Object(server_test.id)
        )
    ]
    assert sorted(e.id for e in with_deleted) == sorted([e.id for e in bought] + [refunded.id])
    assert [e.id for e in with_deleted if e.deleted] == [refunded.id]
    # The newest 120 before the server's test entitlement: two pages backwards.
    newest = [
        e.id async for e in bot.entitlements(limit=120, before=discord.Object(server_test.id))
    ]
    assert sorted(newest) == [e.id for e in bought[-120:]]
    after = [e.id async for e in bot.entitlements(limit=None, after=discord.Object(bought[139].id))]
    assert after == [e.id for e in bought[140:]] + [server_test.id, ended.id]
    paths = [path for method, path in fake.requests if path.endswith("/entitlements")]
    assert len(paths) >= 10  # every listing above went page by page over HTTP


async def test_a_bad_listing_query_is_refused_like_discord(fake: FakeDiscord, run_client: Runner):
    """A limit over 100 or a SKU list that is not snowflakes gets 50035."""
    bot = await started(fake, run_client)
    app = fake.application_id
    for params in ({"limit": 101}, {"sku_ids": "abc"}, {"exclude_deleted": "maybe"}):
        route = discord.http.Route("GET", "/applications/{app}/entitlements", app=app)
        with pytest.raises(discord.HTTPException) as refused:
            await bot.http.request(route, params=params)
        assert refused.value.code == 50035


async def test_test_entitlements_are_created_and_deleted(fake: FakeDiscord, run_client: Runner):
    """create_entitlement() makes a type 4 entitlement and Entitlement.delete() removes it, each
    with its gateway event; a real purchase cannot be deleted that way."""
    sku = fake.shop.add_sku("100 credits")
    bot = await started(fake, run_client)
    alice = fake.add_member("alice")
    await bot.create_entitlement(
        discord.Object(sku.id), discord.Object(alice.user.id), discord.EntitlementOwnerType.user
    )
    await bot.create_entitlement(
        discord.Object(sku.id), discord.Object(fake.guild.id), discord.EntitlementOwnerType.guild
    )
    await fake.wait_for(lambda: len(bot.events) == 2)
    (_, for_alice), (_, for_guild) = bot.events
    assert for_alice.type is discord.EntitlementType.test_mode_purchase
    assert (for_alice.user_id, for_alice.guild_id) == (alice.user.id, None)
    assert (for_guild.user_id, for_guild.guild_id) == (None, fake.guild.id)
    await for_alice.delete()
    await fake.wait_for(lambda: len(bot.events) == 3)
    kind, deleted = bot.events[2]
    assert (kind, deleted.id, deleted.deleted) == ("delete", for_alice.id, True)
    with pytest.raises(discord.NotFound):
        await for_alice.delete()
    purchase = fake.buy_in_store(alice, sku.id)
    await fake.wait_for(lambda: len(bot.events) == 4)
    with pytest.raises(discord.NotFound) as refused:
        await bot.events[3][1].delete()
    assert refused.value.code == 10029 and not purchase.deleted
    with pytest.raises(discord.HTTPException) as bad:
        await bot.create_entitlement(
            discord.Object(12345), discord.Object(alice.user.id), discord.EntitlementOwnerType.user
        )
    assert bad.value.code == 50035


async def test_a_refund_deletes_the_entitlement_and_dispatches_the_event(
    fake: FakeDiscord, run_client: Runner
):
    """Discord's refund arrives as ENTITLEMENT_DELETE, once; the listing then leaves it out."""
    sku = fake.shop.add_sku("100 credits")
    bot = await started(fake, run_client)
    bought = fake.buy_in_store(fake.add_member("alice"), sku.id)
    fake.refund(bought)
    await fake.wait_for(lambda: len(bot.events) == 2)
    assert [(kind, e.id, e.deleted) for kind, e in bot.events] == [
        ("create", bought.id, False),
        ("delete", bought.id, True),
    ]
    assert [e async for e in bot.entitlements()] == []
    with pytest.raises(PurchaseBlocked):
        fake.refund(bought)


async def test_event_cues_drop_or_repeat_the_next_entitlement_event(
    fake: FakeDiscord, run_client: Runner
):
    """A dropped ENTITLEMENT_CREATE never arrives (only the listing shows it); a repeated one arrives twice."""
    sku = fake.shop.add_sku("100 credits")
    bot = await started(fake, run_client)
    alice, bob = fake.add_member("alice"), fake.add_member("bob")
    fake.shop.cues.drop("ENTITLEMENT_CREATE")
    fake.shop.cues.duplicate("ENTITLEMENT_CREATE")
    missed = fake.buy_in_store(alice, sku.id)
    twice = fake.buy_in_store(bob, sku.id)
    await fake.wait_for(lambda: len(bot.events) == 2)
    assert [e.id for _, e in bot.events] == [twice.id, twice.id]
    assert fake.shop.cues.dropped == [("ENTITLEMENT_CREATE", missed.id)]
    assert [e.id async for e in bot.entitlements()] == [missed.id, twice.id]


async def test_consume_faults_and_repeats(fake: FakeDiscord, run_client: Runner):
    """Consume answers the injected 503s, then 204; a repeat is 204 (or 400 when told); unknown is 404."""
    sku = fake.shop.add_sku("100 credits")
    lifetime = fake.shop.add_sku("Lifetime", DURABLE)
    bot = await started(fake, run_client)
    alice = fake.add_member("alice")
    fake.buy_in_store(alice, sku.id)
    await fake.wait_for(lambda: bot.events)
    entitlement = bot.events[0][1]
    fake.shop.fail_consume(2, status=503)
    for _ in range(2):
        with pytest.raises(discord.DiscordServerError):
            await entitlement.consume()
    assert not fake.shop.entitlements[entitlement.id].consumed
    await entitlement.consume()
    await entitlement.consume()  # a repeat is accepted by default
    fake.shop.refuse_repeat_consume = True
    with pytest.raises(discord.HTTPException) as repeat:
        await entitlement.consume()
    assert repeat.value.status == 400
    assert fake.shop.consumes == [entitlement.id, entitlement.id]
    route = discord.http.Route(
        "POST", "/applications/{app}/entitlements/{e}/consume", app=fake.application_id, e=42
    )
    with pytest.raises(discord.NotFound) as unknown:
        await bot.http.request(route)
    assert unknown.value.code == 10029
    durable = fake.buy_in_store(alice, lifetime.id)
    with pytest.raises(discord.HTTPException) as refused:
        await bot.http.consume_entitlement(fake.application_id, durable.id)
    assert refused.value.status == 400 and not durable.consumed
