"""Buttons the bot posted before an update keep working after it: each custom_id format that
messages in servers carry today is clicked on a message holding it, and the bot answers."""

from __future__ import annotations

import pytest

from bot.playground.standin import FakeDiscord, Member, Message
from testbed.images import encoded, photo
from tests.e2e.conftest import BotFactory

TOKEN = "Ab3-_x9Zq0Lm"  # a confirmation token of today's shape, for a draft that has expired


def _posted(fake: FakeDiscord, custom_ids: list[str]) -> Message:
    """A message as the bot left it earlier: an image and a row of buttons."""
    message = fake.post_message(fake.bot_user, files=[("art.png", encoded(photo(16, 16)))])
    message.components = [
        {
            "type": 1,
            "components": [
                {"type": 2, "style": 2, "label": cid, "custom_id": cid} for cid in custom_ids
            ],
        }
    ]
    return message


async def _answer(fake: FakeDiscord, message: Message, custom_id: str, member: Member) -> str:
    """What the member reads after the click: the reply, or the message as the click updated
    it. Discord shows "This interaction failed" after 3 s without an answer."""
    handle = await fake.click(message, custom_id, member).response(within=3.0)
    shown = await fake.wait_for(
        lambda: (
            [m.content for m in handle.shown() if m.content]
            or ([message.content] if message.edits else [])
        )
    )
    return str(shown[0])


# (custom_id, what the member reads); every format posted in servers today.
MEMBER_BUTTONS = [
    ("up:0", "Price: 3 credits"),
    ("og:0", "There is no earlier version."),
    ("vh:0", "No versions recorded yet."),
    ("ag:0:same", "not a creative or detail upscale; use Upscale."),
    ("qc:99", "There is no job #99 in this server."),
    ("hp:0:next", "You have no upscales yet."),
    (f"cf:{TOKEN}", "This confirmation has expired; click Upscale again."),
    (f"ps:{TOKEN}", "This confirmation has expired; click Upscale again."),
    ("cx", "Cancelled. You were not charged."),
]
ADMIN_BUTTONS = [
    ("qp:0:next", "Nothing is waiting."),
    ("fl:0:next", "No failed or cancelled upscales in this server."),
]


@pytest.mark.parametrize(("custom_id", "expected"), MEMBER_BUTTONS + ADMIN_BUTTONS)
async def test_a_button_posted_before_the_update_is_answered(
    fake: FakeDiscord, start_bot: BotFactory, custom_id: str, expected: str
):
    await start_bot()
    admin = (custom_id, expected) in ADMIN_BUTTONS
    member = fake.add_member("admin" if admin else "alice", manage_guild=admin)
    message = _posted(fake, [custom_id])
    text = await _answer(fake, message, custom_id, member)
    assert expected in text
    assert "Something went wrong" not in text
