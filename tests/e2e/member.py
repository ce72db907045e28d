"""What a member does and sees in the fake Discord, for the bot's end-to-end tests."""

from __future__ import annotations

from bot.playground.standin import FakeDiscord, InteractionHandle, Member, Message


def confirmation_of(fake: FakeDiscord, member: Member) -> Message | None:
    for message in reversed(fake.visible_messages(member)):
        if message.ephemeral and any(
            c.get("custom_id", "").startswith("cf:")
            for row in message.components
            for c in row["components"]
        ):
            return message
    return None


def custom_id(message: Message, prefix: str) -> str:
    for row in message.components:
        for component in row["components"]:
            if component.get("custom_id", "").startswith(prefix):
                return str(component["custom_id"])
    raise AssertionError(f"no {prefix} component on {message.content!r}")


async def post_with_button(
    fake: FakeDiscord, member: Member, data: bytes, name: str = "art.png"
) -> Message:
    """/upscale posts the image with an Upscale button and opens the confirmation."""
    handle = fake.run_slash("upscale", member, attachments={"image": (name, data)})
    posted: Message = await fake.wait_for(
        lambda: handle.original if handle.original and handle.original.attachments else None
    )
    await fake.wait_for(lambda: confirmation_of(fake, member))
    return posted


async def credits_text(fake: FakeDiscord, member: Member) -> str:
    handle = await fake.run_slash("credits", member).response()
    return handle.shown()[0].content


async def answer_text(fake: FakeDiscord, handle: InteractionHandle) -> str:
    """What the bot answered, once it has said it (a deferred answer comes in two steps)."""
    shown: list[str] = await fake.wait_for(lambda: [m.content for m in handle.shown() if m.content])
    return shown[0]
