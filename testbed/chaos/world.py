"""The soak's world: two servers with their channels, members, admins and image generators in
the fake Discord, the bot's availability as the crowd sees it, and what everyone saw.

``Availability`` keeps the windows in which the bot could not hear Discord (killed, or its
gateway connection dropped), so an interaction dispatched then is not counted against it.
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass, field

from bot.playground.standin import (
    Channel,
    FakeDiscord,
    Guild,
    InteractionHandle,
    Member,
    Message,
    User,
)
from testbed.images import encoded, photo

SAMPLES = ("astronaut", "coffee", "chelsea", "rocket", "cat")


@dataclass
class Server:
    guild: Guild
    channels: list[Channel]
    generator_channel: Channel
    generator: User
    members: list[Member] = field(default_factory=list)
    admins: list[Member] = field(default_factory=list)
    # Bot messages with Upscale buttons, newest last (bounded: the crowd acts on recent ones).
    targets: list[Message] = field(default_factory=list)

    def remember(self, message: Message) -> None:
        self.targets.append(message)
        if len(self.targets) > 300:
            del self.targets[:100]


@dataclass
class Confirmation:
    """A Confirm the crowd clicked: the confirmation message is the job's key in the bot."""

    message: Message
    target: Message  # the message with the image
    member: Member
    guild_id: int
    double_clicked: bool = False
    clicks: list[InteractionHandle] = field(default_factory=list)


@dataclass
class GrantSeen:
    guild_id: int
    actor_id: int
    member_id: int
    amount: int  # negative: a revoke
    reason: str
    outcome: str  # done, already, refused, unanswered
    repeat: bool = False


@dataclass
class PurchaseSeen:
    """A pack a member bought with the premium button on their /credits in ``guild_id``;
    ``refunded`` once Discord was made to refund it."""

    guild_id: int
    member_id: int
    entitlement_id: int
    refunded: bool = False


@dataclass
class PlacementSeen:
    """A member pressed **Add N credits here** in ``guild_id``; ``answer`` is what they read."""

    guild_id: int
    member_id: int
    entitlement_id: int
    answer: str


@dataclass
class Seen:
    """What the crowd did, and what the bot answered, for the audit."""

    confirmations: list[Confirmation] = field(default_factory=list)
    confirmed: int = 0  # confirmations answered with a receipt (a job)
    receipt_cancels: list[tuple[Confirmation, str]] = field(default_factory=list)
    grants: list[GrantSeen] = field(default_factory=list)
    purchases: list[PurchaseSeen] = field(default_factory=list)
    placements: list[PlacementSeen] = field(default_factory=list)
    actions: dict[str, int] = field(default_factory=dict)
    no_answer: int = 0  # waits the crowd gave up on (the bot was down, or a fault)
    wrong: list[str] = field(default_factory=list)  # answers that were not what a member expects

    def count(self, action: str) -> None:
        self.actions[action] = self.actions.get(action, 0) + 1


@dataclass
class Availability:
    """When the bot could hear Discord. ``windows`` are ``(start, end)`` in
    ``time.monotonic()`` where it could not; ``end`` is None while it lasts."""

    up: asyncio.Event = field(default_factory=asyncio.Event)
    windows: list[tuple[float, float | None]] = field(default_factory=list)

    def went_down(self) -> None:
        self.up.clear()
        self.windows.append((time.monotonic(), None))

    def came_up(self) -> None:
        if self.windows and self.windows[-1][1] is None:
            self.windows[-1] = (self.windows[-1][0], time.monotonic())
        self.up.set()

    def overlaps(self, start: float, end: float) -> bool:
        now = time.monotonic()
        return any(s <= end and start <= (e if e is not None else now) for s, e in self.windows)


@dataclass
class LoopLag:
    """How late this process's own event loop ran (the fake Discord and the crowd live in
    it): when it stalls, Discord itself is late, which is no fault of the bot's."""

    stalls: list[tuple[float, float]] = field(default_factory=list)
    worst_s: float = 0.0
    _task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._watch())

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()

    async def _watch(self, tick_s: float = 0.05) -> None:
        while True:
            before = time.monotonic()
            await asyncio.sleep(tick_s)
            late = time.monotonic() - before - tick_s
            self.worst_s = max(self.worst_s, late)
            if late > 0.25:
                self.stalls.append((before, before + tick_s + late))

    def overlaps(self, start: float, end: float, at_least_s: float = 0.5) -> bool:
        return any(s <= end and start <= e and e - s >= at_least_s for s, e in self.stalls)


def build_world(fake: FakeDiscord, members: int, rng: random.Random) -> list[Server]:
    """Two servers, each with #general, #art (the generator's channel, with automatic
    buttons) and #chat; members split between them, a fifth of them in both (one wallet in
    each); in each, the owner and one member with Manage Server are admins."""
    second = fake.add_guild("Second Server")
    servers = []
    for guild in (fake.guild, second):
        art = fake.add_channel("art", guild=guild)
        chat = fake.add_channel("chat", guild=guild)
        generator = fake.add_bot(f"generator-{guild.name}", guild=guild)
        server = Server(guild, [guild.general, art, chat], art, generator)
        server.admins.append(guild.owner)
        servers.append(server)
    for i in range(members):
        home = servers[i % 2]
        member = fake.add_member(f"member{i}", guild=home.guild, manage_guild=i < 2)
        home.members.append(member)
        if i < 2:
            home.admins.append(member)
        elif rng.random() < 0.2:
            other = servers[(i + 1) % 2]
            other.members.append(fake.add_member("", guild=other.guild, user=member.user))
    return servers


class Images:
    """Small natural photos, 16-64 px a side, encoded once."""

    def __init__(self, rng: random.Random, count: int = 24) -> None:
        self.pool: list[bytes] = []
        for i in range(count):
            width, height = rng.randint(16, 64), rng.randint(16, 64)
            self.pool.append(encoded(photo(width, height, SAMPLES[i % len(SAMPLES)])))

    def pick(self, rng: random.Random) -> bytes:
        return rng.choice(self.pool)
