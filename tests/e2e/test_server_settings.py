"""Per-server settings through the fake Discord: an admin changes prices, starting balance,
allowance, audit channel and admin role live; members of that server see them at once, members
of other servers do not; every change is one audit line. And the admins' view of failures."""

from __future__ import annotations

from bot.playground.standin import FakeDiscord, Member, Message
from testbed.images import encoded, photo

from .conftest import BotFactory
from .member import confirmation_of, credits_text, custom_id, post_with_button

CHANNEL_SELECT, ROLE_SELECT = 8, 6
DAY_S = 86_400.0


async def settings_panel(fake: FakeDiscord, admin: Member) -> Message:
    handle = await fake.run_slash("upscale-admin settings", admin).response()
    return handle.shown()[0]


async def submit_form(
    fake: FakeDiscord, panel: Message, button: str, values: dict[str, str], admin: Member
) -> str:
    """Press a settings button, fill in its form, and return what the bot answered."""
    opened = await fake.click(panel, button, admin).response()
    assert opened.modal is not None, opened.shown()
    submitted = await fake.submit_modal(opened, values, admin).response()
    return submitted.shown()[0].content


def audit_lines(fake: FakeDiscord) -> list[str]:
    return [
        line
        for m in fake.messages.values()
        if m.channel_id == fake.channel.id and m.author.id == fake.bot_user.id and not m.ephemeral
        for line in m.content.splitlines()
        if " set " in line
    ]


async def confirmation_text(fake: FakeDiscord, member: Member) -> tuple[Message, Message]:
    posted = await post_with_button(fake, member, encoded(photo(24, 24)))
    confirmation = confirmation_of(fake, member)
    assert confirmation is not None
    return posted, confirmation


async def test_an_admin_sets_price_and_starting_balance_for_their_server_only(
    fake: FakeDiscord, start_bot: BotFactory
):
    """Price 5 and starting balance 20 in one server: its member pays 5 from 20; a member of
    another server still pays the default 3 from 10. Each change is one audit line."""
    other = fake.add_guild("Other Server")
    bot = await start_bot()
    admin = fake.add_member("mod", manage_guild=True)
    panel = await settings_panel(fake, admin)
    assert "Upscale price: 3 credits · default" in panel.content
    assert "Starting balance: 10 credits · default" in panel.content

    await fake.select(
        panel, "ss:audit", [str(fake.channel.id)], admin, kind=CHANNEL_SELECT
    ).response()
    assert f"Audit channel: <#{fake.channel.id}>" in panel.content  # the panel updated in place
    answer = await submit_form(
        fake, panel, "ss:credits", {"upscale_price": "5", "starting_balance": "20"}, admin
    )
    assert answer.startswith("Saved: Upscale price 5 credits, Starting balance 20 credits.")
    assert "Upscale price: 5 credits\n" in answer and "Starting balance: 20 credits\n" in answer
    await fake.wait_for(lambda: len(audit_lines(fake)) == 3)
    assert audit_lines(fake) == [
        f"<@{admin.user.id}> set Audit channel to <#{fake.channel.id}> (was none).",
        f"<@{admin.user.id}> set Upscale price to 5 credits (was 3 credits).",
        f"<@{admin.user.id}> set Starting balance to 20 credits (was 10 credits).",
    ]

    alice = fake.add_member("alice")
    posted, confirmation = await confirmation_text(fake, alice)
    assert "Price: 5 credits · balance 20 → 15" in confirmation.content
    fake.click(confirmation, custom_id(confirmation, "cf:"), alice)
    await fake.wait_for(lambda: posted.content.startswith("Upscaled x4"), within=60)
    assert "Balance 15** · reserved 0" in await credits_text(fake, alice)

    carol = fake.add_member("carol", guild=other)
    posted, confirmation = await confirmation_text(fake, carol)
    assert posted.guild_id == other.id
    assert "Price: 3 credits · balance 10 → 7" in confirmation.content
    fake.click(confirmation, custom_id(confirmation, "cf:"), carol)
    await fake.wait_for(lambda: posted.content.startswith("Upscaled x4"), within=60)
    assert "Balance 7** · reserved 0" in await credits_text(fake, carol)

    # Back to the default: a blank field. Nothing else moves.
    answer = await submit_form(fake, panel, "ss:credits", {"upscale_price": ""}, admin)
    assert answer.startswith("Saved: Upscale price 3 credits.")
    await fake.wait_for(lambda: len(audit_lines(fake)) == 4)
    assert audit_lines(fake)[-1].endswith(
        "set Upscale price to 3 credits, the default (was 5 credits)."
    )
    await bot.storage.ledger.verify()


async def test_bad_values_and_non_admins_change_nothing(fake: FakeDiscord, start_bot: BotFactory):
    """A price that is not a number, or a member without rights: one sentence, nothing saved."""
    await start_bot()
    admin, alice = fake.add_member("mod", manage_guild=True), fake.add_member("alice")
    panel = await settings_panel(fake, admin)
    answer = await submit_form(
        fake, panel, "ss:credits", {"upscale_price": "five", "starting_balance": "50"}, admin
    )
    assert answer == "Upscale price must be a whole number (got 'five')."
    refused = await fake.click(panel, "ss:credits", alice).response()
    assert refused.modal is None
    assert refused.shown()[0].content == "Only server admins can do that."
    assert "Upscale price: 3 credits · default" in (await settings_panel(fake, admin)).content
    assert "Starting balance: 10 credits · default" in (await settings_panel(fake, admin)).content


async def test_the_admin_role_is_matched_by_id(fake: FakeDiscord, start_bot: BotFactory):
    """Members with the role the server picked can use the admin commands."""
    helpers = fake.add_role("helpers")
    await start_bot()
    admin = fake.add_member("mod", manage_guild=True)
    helper = fake.add_member("helper", roles=[helpers])
    options = [
        {"name": "member", "type": 6, "value": str(helper.user.id)},
        {"name": "amount", "type": 4, "value": 2},
        {"name": "reason", "type": 3, "value": "thanks"},
    ]
    refused = await fake.run_slash("credits-admin grant", helper, options).response()
    assert refused.shown()[0].content == "Only server admins can do that."
    panel = await settings_panel(fake, admin)
    await fake.select(panel, "ss:role", [str(helpers)], admin, kind=ROLE_SELECT).response()
    assert f"Admin role: <@&{helpers}>" in panel.content
    granted = await fake.run_slash("credits-admin grant", helper, options).response()
    assert "Granted 2 credits" in granted.shown()[0].content


async def test_allowance_is_credited_once_per_period_up_to_the_cap(
    fake: FakeDiscord, start_bot: BotFactory
):
    """5 credits a day up to 18: nothing on the first day, +5 once the day has passed (however
    often /credits is read), then only up to the cap."""
    now = [1_800_000_000.0]
    bot = await start_bot(clock=lambda: now[0])
    admin, alice = fake.add_member("mod", manage_guild=True), fake.add_member("alice")
    panel = await settings_panel(fake, admin)
    answer = await submit_form(
        fake,
        panel,
        "ss:allowance",
        {"allowance_amount": "5", "allowance_every_hours": "24", "allowance_cap": "18"},
        admin,
    )
    assert "Allowance: 5 credits every 24 h, up to 18\n" in answer

    first = await credits_text(fake, alice)
    assert "Balance 10**" in first and "allowance" not in first
    now[0] += DAY_S
    for _ in range(3):
        text = await credits_text(fake, alice)
        assert "Balance 15**" in text and text.count("allowance +5") == 1
    now[0] += 3 * DAY_S
    text = await credits_text(fake, alice)
    assert "Balance 18**" in text and text.count("allowance +3") == 1
    now[0] += DAY_S
    text = await credits_text(fake, alice)
    assert "Balance 18**" in text and text.count("allowance") == 2
    await bot.storage.ledger.verify()


async def test_admins_see_their_servers_failures_paged(fake: FakeDiscord, start_bot: BotFactory):
    """Failed and cancelled jobs with the reason, the refund and the error id, eight a page,
    in the server they happened in only."""
    other = fake.add_guild("Other Server")
    bot = await start_bot()
    admin = fake.add_member("mod", manage_guild=True)
    empty = await fake.run_slash("upscale-admin failures", admin).response()
    assert empty.shown()[0].content == "No failed or cancelled upscales in this server."

    members = [fake.add_member(f"m{i}") for i in range(9)]
    for member in members:
        await post_with_button(fake, member, b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "broken.png")
        confirmation = confirmation_of(fake, member)
        assert confirmation is not None
        fake.click(confirmation, custom_id(confirmation, "cf:"), member)
        await fake.wait_for(
            lambda m=member: any("refunded" in x.content for x in fake.visible_messages(m)),
            within=60,
        )
    last = (await bot.storage.jobs.unsuccessful(fake.guild.id)).jobs[0]
    assert last.error_code == "corrupt"

    first = (await fake.run_slash("upscale-admin failures", admin).response()).shown()[0]
    lines = first.content.splitlines()
    assert lines[0] == "**Failed and cancelled upscales** (page 1/2, 9 in all)"
    assert len(lines) == 9 and len(first.content) <= 2000
    assert all("· failed · corrupt:" in line and "refunded 3" in line for line in lines[1:])
    assert f"#{last.id} " in lines[1] and f"<@{members[-1].user.id}>" in lines[1]
    await fake.click(first, custom_id(first, "fl:2:next"), admin).response()
    assert first.content.splitlines()[0] == "**Failed and cancelled upscales** (page 2/2, 9 in all)"
    assert f"<@{members[0].user.id}>" in first.content
    assert custom_id(first, "fl:1:prev")

    stranger = fake.add_member("other-mod", manage_guild=True, guild=other)
    theirs = await fake.run_slash("upscale-admin failures", stranger).response()
    assert theirs.shown()[0].content == "No failed or cancelled upscales in this server."
    refused = await fake.run_slash("upscale-admin failures", members[0]).response()
    assert refused.shown()[0].content == "Only server admins can do that."
