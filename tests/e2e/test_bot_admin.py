"""Admins through the fake Discord: grants, the audit and the queue."""

from __future__ import annotations

from bot.playground.standin import FakeDiscord
from storage.jobs import JobState
from testbed.images import encoded, photo

from .conftest import BotFactory
from .member import answer_text, confirmation_of, credits_text, custom_id, post_with_button


async def test_grants_are_for_admins_and_show_up_in_credits_and_audit(
    fake: FakeDiscord, start_bot: BotFactory
):
    """A member cannot grant; an admin can, and it shows in /credits and the audit."""
    await start_bot()
    alice = fake.add_member("alice")
    admin = fake.add_member("mod", manage_guild=True)
    options = [
        {"name": "member", "type": 6, "value": str(alice.user.id)},
        {"name": "amount", "type": 4, "value": 5},
        {"name": "reason", "type": 3, "value": "contest winner"},
    ]
    refused = await fake.run_slash("credits-admin grant", alice, options).response()
    assert refused.shown()[0].content == "Only server admins can do that."
    granted = await fake.run_slash("credits-admin grant", admin, options).response()
    assert "Granted 5 credits" in granted.shown()[0].content
    credits = await credits_text(fake, alice)
    assert "Balance 15" in credits and "granted +5 · contest winner" in credits
    audit = await fake.run_slash("credits-admin audit", admin).response()
    assert (
        f"<@{admin.user.id}> +5 → <@{alice.user.id}> · contest winner" in audit.shown()[0].content
    )
    assert int(fake.commands[("credits-admin", 1)]["default_member_permissions"]) == 1 << 5


async def test_admin_queue_lists_jobs_and_cancels_with_a_refund(
    fake: FakeDiscord, start_bot: BotFactory
):
    """/upscale-admin queue shows waiting jobs; Cancel refunds the member."""
    bot = await start_bot()
    bot.service.pause()
    alice, admin = fake.add_member("alice"), fake.add_member("mod", manage_guild=True)
    await post_with_button(fake, alice, encoded(photo(16, 16)))
    confirmation = confirmation_of(fake, alice)
    assert confirmation is not None
    await fake.click(confirmation, custom_id(confirmation, "cf:"), alice).response()
    await fake.wait_for(lambda: len(bot.service.queue) == 1)
    queue = (await fake.run_slash("upscale-admin queue", admin).response()).shown()[0]
    assert f"1. job #1 for <@{alice.user.id}>" in queue.content
    cancelled = await fake.click(queue, custom_id(queue, "qc:"), admin).response()
    assert await answer_text(fake, cancelled) == "Job #1 cancelled and refunded."
    assert "Balance 10** · reserved 0" in await credits_text(fake, alice)
    refused = await fake.run_slash("upscale-admin queue", alice).response()
    assert refused.shown()[0].content == "Only server admins can do that."


async def test_an_admin_of_another_server_cannot_see_or_touch_this_servers_jobs_or_ledger(
    fake: FakeDiscord, start_bot: BotFactory
):
    """Server B's admin: the queue shows none of A's jobs, A's job cannot be cancelled from
    B, and B's audit has none of A's grants."""
    bot = await start_bot()
    bot.service.pause()
    server_b = fake.add_guild("Server B")
    admin_a = fake.add_member("mod-a", manage_guild=True)
    admin_b = fake.add_member("mod-b", manage_guild=True, guild=server_b)
    alice = fake.add_member("alice")
    await post_with_button(fake, alice, encoded(photo(16, 16)))
    confirmation = confirmation_of(fake, alice)
    assert confirmation is not None
    await fake.click(confirmation, custom_id(confirmation, "cf:"), alice).response()
    await fake.wait_for(lambda: len(bot.service.queue) == 1)
    grant = [
        {"name": "member", "type": 6, "value": str(alice.user.id)},
        {"name": "amount", "type": 4, "value": 5},
        {"name": "reason", "type": 3, "value": "server A prize"},
    ]
    await fake.run_slash("credits-admin grant", admin_a, grant).response()

    seen_in_a = (await fake.run_slash("upscale-admin queue", admin_a).response()).shown()[0]
    assert f"job #1 for <@{alice.user.id}>" in seen_in_a.content
    seen_in_b = (await fake.run_slash("upscale-admin queue", admin_b).response()).shown()[0]
    assert "Nothing is waiting." in seen_in_b.content and "#1" not in seen_in_b.content
    crafted = fake.post_message(fake.bot_user, "old listing", channel=server_b.general)
    crafted.components = [
        {"type": 1, "components": [{"type": 2, "style": 4, "label": "x", "custom_id": "qc:1"}]}
    ]
    refused = await fake.click(crafted, "qc:1", admin_b).response()
    assert refused.shown()[0].content == "There is no job #1 in this server."
    assert (await bot.storage.jobs.get(1)).state is JobState.QUEUED
    audit_b = (await fake.run_slash("credits-admin audit", admin_b).response()).shown()[0]
    assert audit_b.content == "No grants, revokes or purchases yet."
    audit_a = (await fake.run_slash("credits-admin audit", admin_a).response()).shown()[0]
    assert "server A prize" in audit_a.content
    assert "Balance 15** · reserved 3" in await credits_text(fake, alice)
    bot.service.resume()
    await bot.service.run_until_empty()
