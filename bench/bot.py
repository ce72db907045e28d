"""The bot under a crowd, through the fake Discord: members click Upscale, then Confirm, at once.

    python -m bench.bot [--members 50] [--size 64] [--model x4plus-anime]

The product's bot (real discord.py, real SQLite, real engine worker) talks over HTTP and a
WebSocket to the fake Discord on 127.0.0.1. All members click Upscale on their own image at the
same moment, then Confirm, while the engine works through the jobs. Reports the time from a
click to the bot's first interaction response (Discord allows 3 s) and from Confirm to the
first edit of the image's message (the queue position or the progress meter); those edits
share Discord's per-channel limit of about five per five seconds. Prints JSON lines.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import statistics
import tempfile
import time
from pathlib import Path

from bot.app import UpscaleBot, point_discord_at
from bot.playground.standin import FakeDiscord
from bot.playground.standin.state import Message, snowflake
from config import load_settings
from testbed.images import encoded, photo


def quantiles(values: list[float]) -> dict[str, float]:
    q = statistics.quantiles(values, n=100)
    return {
        "p50": round(q[49] * 1000, 1),
        "p99": round(q[98] * 1000, 1),
        "max": round(max(values) * 1000, 1),
    }


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=50)
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--model", default="x4plus-anime")
    args = parser.parse_args()

    fake = FakeDiscord()
    await fake.start()
    with tempfile.TemporaryDirectory() as folder:
        settings = load_settings(
            storage={"data_dir": Path(folder)},
            discord={"api_base_url": fake.api_base, "gateway_url": fake.gateway_url},
            engine={"model": args.model},
            queue={"max_length": args.members * 2},
        )
        point_discord_at(settings)
        bot = UpscaleBot(settings, guild_ready_timeout=0.1)
        await bot.login(fake.token)
        runner = asyncio.create_task(bot.connect())
        await bot.wait_until_ready()

        members = [fake.add_member(f"member{i}") for i in range(args.members)]
        image = encoded(photo(args.size, args.size))
        posts: list[Message] = []
        for _ in members:
            message = Message(
                id=snowflake(),
                channel_id=fake.channel.id,
                guild_id=fake.guild.id,
                author=fake.bot_user,
                attachments=[fake.attachment("art.png", image)],
                components=[
                    {
                        "type": 1,
                        "components": [
                            {"type": 2, "style": 1, "label": "Upscale", "custom_id": "up:0"}
                        ],
                    }
                ],
            )
            fake.messages[message.id] = message
            posts.append(message)

        started = time.monotonic()
        clicks = [
            (time.monotonic(), fake.click(post, "up:0", member))
            for post, member in zip(posts, members, strict=True)
        ]
        await fake.wait_for(lambda: all(h.interaction.responded for _, h in clicks), within=60)
        click_to_response = [h.interaction.responded_at - t for t, h in clicks]  # type: ignore[operator]

        def confirmation(member_id: int) -> Message | None:
            for message in fake.messages.values():
                if (
                    message.ephemeral
                    and message.interaction_owner == member_id
                    and message.components
                ):
                    return message
            return None

        confirmations = [await fake.wait_for(lambda m=m: confirmation(m.user.id)) for m in members]
        confirms = []
        for member, message in zip(members, confirmations, strict=True):
            custom_id = next(
                c["custom_id"]
                for row in message.components
                for c in row["components"]
                if c["custom_id"].startswith("cf:")
            )
            confirms.append((time.monotonic(), fake.click(message, custom_id, member)))
        await fake.wait_for(lambda: all(h.interaction.responded for _, h in confirms), within=60)
        confirm_to_response = [h.interaction.responded_at - t for t, h in confirms]  # type: ignore[operator]
        await fake.wait_for(lambda: all(p.revised_at for p in posts), within=600)
        confirm_to_first_edit = [
            p.revised_at[0] - t for (t, _), p in zip(confirms, posts, strict=True)
        ]
        await fake.wait_for(
            lambda: all(p.content.startswith("Upscaled") for p in posts), within=1800
        )
        wall = time.monotonic() - started
        await bot.close()
        runner.cancel()
        await asyncio.gather(runner, return_exceptions=True)
    await fake.stop()
    print(
        json.dumps(
            {
                "bench": "bot",
                "machine": platform.machine(),
                "members": args.members,
                "model": args.model,
                "size": args.size,
                "click_to_first_response_ms": quantiles(click_to_response),
                "confirm_to_first_response_ms": quantiles(confirm_to_response),
                "confirm_to_first_message_edit_ms": quantiles(confirm_to_first_edit),
                "all_delivered_s": round(wall, 1),
                "rate_limited_edits": fake.rate_limited,
                "targets": {"click_to_first_response_p99_ms": 250},
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    asyncio.run(main())
