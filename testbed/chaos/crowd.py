"""Members who use the bot the way people do, at random (each member with a seeded random
stream of their own): post images, click Upscale, change the factor, confirm (sometimes
twice), cancel on the confirmation or on the receipt, ask ``/credits`` and ``/history``, look
at originals and versions, buy a credit pack with the premium button on ``/credits`` (some of
which Discord later refunds) or add one that waits for a server; admins grant and revoke.

Nothing here knows the bot's internals: a member sees messages, buttons and replies in the
fake Discord, and waits for them as a person would, giving up after a while.
"""

from __future__ import annotations

import asyncio
import itertools
import random
import re
from collections.abc import Callable
from typing import Any

from bot.playground.standin import FakeDiscord, InteractionHandle, Member, Message
from bot.playground.standin.shop import PurchaseBlocked
from bot.playground.standin.shop_actions import premium_buttons
from testbed.chaos.world import (
    Availability,
    Confirmation,
    GrantSeen,
    Images,
    PlacementSeen,
    PurchaseSeen,
    Seen,
    Server,
)

PATIENCE_S = 25.0  # how long a member waits for an answer before giving up

# How a member picks what to do next (admins add grants and revokes).
ACTIONS = (
    ("upscale_existing", 34),
    ("post_slash", 16),
    ("post_generator", 14),
    ("context_menu", 5),
    ("credits", 8),
    ("history", 7),
    ("look", 6),
    ("buy", 3),
)
ADMIN_ACTIONS = (("grant", 6), ("revoke", 3))
SAME_GRANT_AGAIN = 0.15
FACTOR_CHANGE = 0.25
CANCEL_CONFIRMATION = 0.1
ABANDON = 0.04
DOUBLE_CLICK = 0.1
CANCEL_RECEIPT = 0.08
REFUND = 0.15  # of the packs bought, how many Discord refunds a little later


def ids_on(message: Message, prefix: str) -> list[str]:
    return [
        str(c["custom_id"])
        for row in message.components
        for c in row.get("components", [])
        if str(c.get("custom_id", "")).startswith(prefix)
    ]


class Crowd:
    """Runs every member until ``target`` jobs were confirmed (or ``stop()``)."""

    def __init__(
        self,
        fake: FakeDiscord,
        servers: list[Server],
        seed: int,
        target: int,
        availability: Availability,
        on_confirmed: Callable[[Confirmation], None],
        before_confirm: Callable[[Message], None],
    ) -> None:
        self.fake = fake
        self.servers = servers
        self.seed = seed
        self.target = target
        self.availability = availability
        self.on_confirmed = on_confirmed
        self.before_confirm = before_confirm
        self.seen = Seen()
        self.images = Images(random.Random(seed))
        self.done = asyncio.Event()
        self._grants = 0

    # -- the whole crowd ------------------------------------------------------------------

    async def run(self) -> None:
        people = [(server, member) for server in self.servers for member in server.members]
        people += [(server, admin) for server in self.servers for admin in server.admins[:1]]
        tasks = [
            asyncio.create_task(self._live(server, member, random.Random(f"{self.seed}:{i}")))
            for i, (server, member) in enumerate(people)
        ]
        await self.done.wait()
        await asyncio.gather(*tasks)

    def stop(self) -> None:
        self.done.set()

    async def _live(self, server: Server, member: Member, rng: random.Random) -> None:
        admin = member in server.admins
        actions = ACTIONS + (ADMIN_ACTIONS if admin else ())
        names = [a for a, _ in actions]
        weights = [w for _, w in actions]
        while not self.done.is_set():
            await self.availability.up.wait()
            action = rng.choices(names, weights)[0]
            self.seen.count(action)
            try:
                await getattr(self, action)(server, member, rng)
            except TimeoutError:
                self.seen.no_answer += 1
            await asyncio.sleep(rng.uniform(0.0, 0.6))

    # -- waiting as a person does ---------------------------------------------------------

    async def _answer(self, handle: InteractionHandle) -> InteractionHandle:
        await handle.response(within=PATIENCE_S)
        return handle

    async def _until(self, predicate: Callable[[], Any]) -> Any:
        return await self.fake.wait_for(predicate, within=PATIENCE_S)

    # -- posting images -------------------------------------------------------------------

    async def post_slash(self, server: Server, member: Member, rng: random.Random) -> None:
        """``/upscale image:`` posts the image with its button and opens the confirmation."""
        channel = rng.choice(server.channels)
        handle = self.fake.run_slash(
            "upscale",
            member,
            attachments={"image": (f"art{rng.randint(0, 999)}.png", self.images.pick(rng))},
            channel=channel,
        )
        posted: Message = await self._until(
            lambda: handle.original if handle.original and handle.original.attachments else None
        )
        server.remember(posted)
        confirmation = await self._until(lambda: handle.followups[0] if handle.followups else None)
        await self._decide(server, member, rng, confirmation, posted)

    async def post_generator(self, server: Server, member: Member, rng: random.Random) -> None:
        """An image generator posts 1-4 images in #art; the bot replies with a button per
        image; the member upscales one of them."""
        count = rng.choice((1, 1, 2, 4))
        files = [(f"gen{i}.png", self.images.pick(rng)) for i in range(count)]
        post = self.fake.post_message(
            server.generator, "generated", files, channel=server.generator_channel
        )
        reply = await self._until(lambda: self._reply_to(post))
        server.remember(reply)
        await self._upscale(server, member, rng, reply)

    async def context_menu(self, server: Server, member: Member, rng: random.Random) -> None:
        """A member's own post with two images, then Apps -> Upscale image: the bot replies
        with a copy and opens one confirmation per image."""
        files = [(f"mine{i}.png", self.images.pick(rng)) for i in range(2)]
        post = self.fake.post_message(member, "look", files, channel=rng.choice(server.channels))
        handle = self.fake.run_message_command("Upscale image", post, member)
        await self._answer(handle)
        reply = await self._until(lambda: self._reply_to(post))
        server.remember(reply)
        confirmations = await self._until(
            lambda: handle.followups if len(handle.followups) >= 2 else None
        )
        await self._decide(server, member, rng, rng.choice(confirmations), reply)

    def _reply_to(self, post: Message) -> Message | None:
        """The bot's reply to ``post``, among the newest messages (a member looks just below
        their post, not through the whole channel)."""
        newest = itertools.islice(reversed(self.fake.messages.values()), 400)
        return next((m for m in newest if m.reference == post.id), None)

    # -- upscaling ------------------------------------------------------------------------

    async def upscale_existing(self, server: Server, member: Member, rng: random.Random) -> None:
        live = [m for m in server.targets[-60:] if not m.deleted and ids_on(m, "up:")]
        if not live:
            await self.post_slash(server, member, rng)
            return
        await self._upscale(server, member, rng, rng.choice(live))

    async def _upscale(
        self, server: Server, member: Member, rng: random.Random, message: Message
    ) -> None:
        buttons = ids_on(message, "up:")
        if not buttons:
            return
        handle = await self._answer(self.fake.click(message, rng.choice(buttons), member))
        confirmation = handle.original
        if confirmation is None:
            return
        await self._decide(server, member, rng, confirmation, message)

    async def _decide(
        self,
        server: Server,
        member: Member,
        rng: random.Random,
        confirmation: Message,
        target: Message,
    ) -> None:
        """On the confirmation: maybe change the factor, then cancel, walk away, or confirm
        (sometimes with a double click), and maybe cancel from the receipt."""
        if not ids_on(confirmation, "cf:"):
            return  # not enough credits, or the image is gone: nothing to confirm
        if rng.random() < FACTOR_CHANGE and ids_on(confirmation, "fs:"):
            self.seen.count("factor")
            before = ids_on(confirmation, "cf:")
            picked = rng.choice(("2", "3", "4"))
            await self._answer(
                self.fake.select(confirmation, ids_on(confirmation, "fs:")[0], [picked], member)
            )
            if ids_on(confirmation, "cf:") == before and not before[0].endswith(f":{picked}"):
                self.seen.wrong.append(f"the factor select left {before} for x{picked}")
            if not ids_on(confirmation, "cf:"):
                return
        roll = rng.random()
        if roll < CANCEL_CONFIRMATION:
            self.seen.count("cancel_confirmation")
            handle = await self._answer(self.fake.click(confirmation, "cx", member))
            if handle.type != 7 or "not charged" not in confirmation.content:
                self.seen.wrong.append(f"Cancel answered {confirmation.content!r}")
            return
        if roll < CANCEL_CONFIRMATION + ABANDON:
            return
        self.before_confirm(target)
        confirm_id = ids_on(confirmation, "cf:")[0]
        double = rng.random() < DOUBLE_CLICK
        entry = Confirmation(confirmation, target, member, server.guild.id, double)
        self.seen.confirmations.append(entry)
        price_text = confirmation.content
        clicks = entry.clicks
        clicks.append(self.fake.click(confirmation, confirm_id, member))
        if double:
            await asyncio.sleep(rng.uniform(0.0, 0.3))
            # A person can click again only while the button is still there.
            if confirm_id in ids_on(confirmation, "cf:"):
                self.seen.count("double_click")
                clicks.append(self.fake.click(confirmation, confirm_id, member))
            else:
                entry.double_clicked = False
        await self._until(
            lambda: confirmation.content != price_text or any(c.followups for c in clicks)
        )
        if not ids_on(confirmation, "qc:"):
            if double:  # the receipt may come after the second click's answer
                await asyncio.sleep(0.5)
            if not ids_on(confirmation, "qc:"):
                # Refused (busy image, queue full, limit), or the second click's answer.
                answers = [m.content for c in clicks for m in c.followups]
                if confirmation.content != price_text:
                    answers.insert(0, confirmation.content)
                said = re.sub(r"\d+", "N", answers[0][:40]) if answers else "nothing"
                self.seen.count(f"confirm refused: {said}")
                return
        self.seen.confirmed += 1
        self.on_confirmed(entry)
        if self.seen.confirmed >= self.target:
            self.stop()
        if rng.random() < CANCEL_RECEIPT:
            self.seen.count("cancel_receipt")
            await asyncio.sleep(rng.uniform(0.0, 1.5))
            cancel_id = ids_on(confirmation, "qc:")
            if cancel_id:
                handle = await self._answer(self.fake.click(confirmation, cancel_id[0], member))
                shown = handle.shown()
                self.seen.receipt_cancels.append((entry, shown[0].content if shown else ""))

    # -- looking --------------------------------------------------------------------------

    async def credits(self, server: Server, member: Member, rng: random.Random) -> None:
        handle = await self._answer(
            self.fake.run_slash("credits", member, channel=server.channels[0])
        )
        shown = handle.shown()
        if not shown or not re.search(r"\*\*Balance \d+\*\* · reserved \d+", shown[0].content):
            self.seen.wrong.append(f"/credits answered {shown[0].content if shown else None!r}")

    async def history(self, server: Server, member: Member, rng: random.Random) -> None:
        options = [{"name": "page", "type": 4, "value": 2}] if rng.random() < 0.2 else []
        await self._answer(
            self.fake.run_slash("history", member, options, channel=server.channels[0])
        )

    async def look(self, server: Server, member: Member, rng: random.Random) -> None:
        """Original or History under an upscaled image."""
        upscaled = [m for m in server.targets[-60:] if not m.deleted and ids_on(m, "vh:")]
        if not upscaled:
            return
        message = rng.choice(upscaled)
        buttons = ids_on(message, rng.choice(("og:", "vh:")))
        if buttons:
            await self._answer(self.fake.click(message, rng.choice(buttons), member))

    # -- buying credits -------------------------------------------------------------------

    async def buy(self, server: Server, member: Member, rng: random.Random) -> None:
        """/credits, then add a purchase that waits for a server if it offers one, else press
        a pack's premium button (Discord's checkout; the bot hears of it on the gateway)."""
        handle = await self._answer(
            self.fake.run_slash("credits", member, channel=server.channels[0])
        )
        shown = handle.shown()
        if not shown:
            return
        message = shown[0]
        waiting = ids_on(message, "pl:")
        if waiting:
            self.seen.count("place")
            placed = await self._answer(self.fake.click(message, waiting[0], member))
            answer = placed.shown()[0].content if placed.shown() else ""
            entitlement_id = int(waiting[0].split(":")[1])
            self.seen.placements.append(
                PlacementSeen(server.guild.id, member.user.id, entitlement_id, answer)
            )
            return
        if not premium_buttons(message.components):
            self.seen.wrong.append(f"/credits offered no pack: {message.content[:80]!r}")
            return
        try:
            bought = self.fake.buy(member, message)
        except PurchaseBlocked:
            self.seen.count("buy refused: last pack not yet consumed")
            return
        purchase = PurchaseSeen(server.guild.id, member.user.id, bought.id)
        self.seen.purchases.append(purchase)
        if rng.random() < REFUND:
            await asyncio.sleep(rng.uniform(0.2, 3.0))
            if not bought.deleted:
                self.fake.refund(bought)
                purchase.refunded = True

    # -- admins ---------------------------------------------------------------------------

    async def grant(self, server: Server, member: Member, rng: random.Random) -> None:
        await self._change(server, member, rng, rng.randint(3, 30))

    async def revoke(self, server: Server, member: Member, rng: random.Random) -> None:
        await self._change(server, member, rng, -rng.randint(1, 12))

    async def _change(self, server: Server, admin: Member, rng: random.Random, amount: int) -> None:
        last = next((g for g in reversed(self.seen.grants) if g.actor_id == admin.user.id), None)
        if last is not None and not last.repeat and rng.random() < SAME_GRANT_AGAIN:
            # The admin runs the same command again, as after a reply that did not come.
            who, amount, reason, repeat = last.member_id, last.amount, last.reason, True
        else:
            self._grants += 1
            who = rng.choice(server.members).user.id
            reason, repeat = f"chaos {self._grants}", False
        command = "credits-admin grant" if amount > 0 else "credits-admin revoke"
        options = [
            {"name": "member", "type": 6, "value": str(who)},
            {"name": "amount", "type": 4, "value": abs(amount)},
            {"name": "reason", "type": 3, "value": reason},
        ]
        seen = GrantSeen(server.guild.id, admin.user.id, who, amount, reason, "unanswered", repeat)
        self.seen.grants.append(seen)
        handle = self.fake.run_slash(command, admin, options, channel=server.channels[0])
        await self._answer(handle)
        shown = handle.shown()
        text = shown[0].content if shown else ""
        if text.startswith(("Granted", "Revoked")):
            seen.outcome = "done"
        elif text.startswith("Already done"):
            seen.outcome = "already"
        else:
            seen.outcome = "refused"
