"""Each reader in their language, through the fake Discord: a German member's confirmation,
receipt and /credits are German while the image's public lines follow the server's French;
an unknown locale reads English; commands reach Discord with their localizations."""

from __future__ import annotations

from bot.playground.standin import FakeDiscord
from bot.ui.command_names import valid_chat_name
from bot.ui.wording import ENGLISH, wording_for
from testbed.images import encoded, photo

from .conftest import BotFactory
from .member import confirmation_of, credits_text, custom_id, post_with_button

GERMAN, FRENCH = wording_for("de"), wording_for("fr")


async def test_a_german_member_reads_german_and_the_french_server_its_public_lines(
    fake: FakeDiscord, start_bot: BotFactory
):
    """Confirmation, receipt and /credits in the member's German; the progress and result on
    the image, which everyone sees, in the server's French; a Hindi member reads English."""
    fake.set_guild_locale(fake.guild, "fr")
    await start_bot()
    hans = fake.add_member("hans", locale="de")
    posted = await post_with_button(fake, hans, encoded(photo(48, 32)))
    confirmation = confirmation_of(fake, hans)
    assert confirmation is not None
    price = GERMAN("confirm-price", price=3, available=10, after=7)
    assert price in confirmation.content
    assert price != ENGLISH("confirm-price", price=3, available=10, after=7)
    labels = {c.get("label") for row in confirmation.components for c in row["components"]}
    assert GERMAN("button-confirm") in labels and "Confirm" not in labels
    assert posted.content == FRENCH("upscale-posted", member=f"<@{hans.user.id}>")

    fake.click(confirmation, custom_id(confirmation, "cf:"), hans)
    delivered = FRENCH("delivered", scale=4, input="48x32", output="192x128", price=3)
    await fake.wait_for(lambda: posted.content == delivered, within=60)
    progress = FRENCH("progress-line", member=f"<@{hans.user.id}>", progress="")
    assert any(text.startswith(progress) for text in posted.revisions)
    buttons = {c.get("label") for row in posted.components for c in row["components"]}
    assert FRENCH("button-original") in buttons and FRENCH("button-history") in buttons
    receipt = GERMAN("receipt", scale=4, size="192x128", price=3, balance=7)
    await fake.wait_for(
        lambda: [m for m in fake.visible_messages(hans) if m.ephemeral and m.content == receipt]
    )
    assert (await credits_text(fake, hans)).startswith(
        GERMAN("credits-header", balance=7, held=0, available=7)
    )

    ravi = fake.add_member("ravi", locale="hi")
    await post_with_button(fake, ravi, encoded(photo(16, 16)))
    english = confirmation_of(fake, ravi)
    assert english is not None and "balance 10 → 7" in english.content
    assert "**Upscale x4**" in english.content


async def test_an_admin_pins_the_servers_language_and_commands_are_localised(
    fake: FakeDiscord, start_bot: BotFactory
):
    """The pin in /upscale-admin settings decides the audit line's language over the
    server's own; the synced commands carry German and French names Discord accepts."""
    await start_bot()
    credits = next(c for (name, _), c in fake.commands.items() if name == "credits")
    assert credits["name_localizations"]["de"] == GERMAN("command-credits")
    assert credits["description_localizations"]["fr"] == FRENCH("command-credits-description")
    for command in fake.commands.values():
        if command.get("type", 1) == 1:
            assert all(valid_chat_name(n) for n in command["name_localizations"].values())
            assert "en-US" not in command["name_localizations"]

    admin = fake.add_member("admin", manage_guild=True, locale="fr")
    audit = fake.add_channel("audit")

    def audit_lines() -> list[str]:
        return [
            m.content
            for m in fake.messages.values()
            if m.channel_id == audit.id and m.author.id == fake.bot_user.id and not m.ephemeral
        ]

    panel = (await fake.run_slash("upscale-admin settings", admin).response()).shown()[0]
    assert FRENCH("settings-title") in panel.content
    fake.select(panel, "ss:audit", [str(audit.id)], admin, kind=8)
    await fake.wait_for(audit_lines)
    assert audit_lines()[0].startswith(f"<@{admin.user.id}> set Audit channel")  # en-US server
    fake.select(panel, "ss:language", ["de"], admin)
    told = await fake.wait_for(lambda: [line for line in audit_lines() if "Deutsch" in line])
    assert told[0].startswith(
        GERMAN(
            "audit-setting",
            actor=f"<@{admin.user.id}>",
            setting=GERMAN("setting-language"),
            value="Deutsch",
            before=GERMAN("value-language-discord"),
        )
    )
