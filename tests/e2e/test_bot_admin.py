"""Admins through the fake Discord: grants, the audit and the queue."""

from __future__ import annotations

from testbed.fake_discord import FakeDiscord
from testbed.images import encoded, photo

from .conftest import BotFactory
from .member import confirmation_of, credits_text, custom_id, post_with_button


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
    assert cancelled.shown()[0].content == "Job #1 cancelled and refunded."
    assert "Balance 10** · reserved 0" in await credits_text(fake, alice)
    refused = await fake.run_slash("upscale-admin queue", alice).response()
    assert refused.shown()[0].content == "Only server admins can do that."
