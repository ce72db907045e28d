"""What a test holds while it drives the fake: the faults it plans, and the interactions it
started (with what the bot answered)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.playground.standin.state import Interaction, Message

if TYPE_CHECKING:
    from bot.playground.standin.server import FakeDiscord


@dataclass
class Fault:
    method: str
    path_pattern: str
    times: int
    status: int = 0
    delay_s: float = 0.0
    retry_after: float = 0.05


@dataclass(frozen=True)
class InjectedFault:
    """One request that got an injected failure or delay, and when (``time.monotonic()``)."""

    method: str
    path: str
    status: int
    delay_s: float
    at: float


@dataclass
class Faults:
    """Failures to inject: the next N requests matching a method and path part. ``injected``
    lists every request that got one."""

    pending: list[Fault] = field(default_factory=list)
    injected: list[InjectedFault] = field(default_factory=list)

    def fail(self, method: str, path_part: str, times: int = 1, status: int = 500) -> None:
        self.pending.append(Fault(method, path_part, times, status=status))

    def rate_limit(
        self, method: str, path_part: str, times: int = 1, retry_after: float = 0.05
    ) -> None:
        self.pending.append(Fault(method, path_part, times, status=429, retry_after=retry_after))

    def delay(self, method: str, path_part: str, seconds: float, times: int = 1) -> None:
        self.pending.append(Fault(method, path_part, times, delay_s=seconds))

    def take(self, method: str, path: str) -> Fault | None:
        for fault in self.pending:
            if fault.method == method and fault.path_pattern in path and fault.times > 0:
                fault.times -= 1
                if fault.times == 0:
                    self.pending.remove(fault)
                self.injected.append(
                    InjectedFault(method, path, fault.status, fault.delay_s, time.monotonic())
                )
                return fault
        return None


@dataclass
class InteractionHandle:
    """An interaction the test started, and a way to see what the bot answered."""

    world: FakeDiscord
    interaction: Interaction

    async def response(self, within: float = 10.0) -> InteractionHandle:
        """Wait until the bot has acknowledged the interaction."""
        await self.world.wait_for(lambda: self.interaction.responded, within)
        return self

    @property
    def type(self) -> int | None:
        return self.interaction.response_type

    @property
    def original(self) -> Message | None:
        return self.interaction.original

    @property
    def followups(self) -> list[Message]:
        return self.interaction.followups

    @property
    def modal(self) -> dict[str, Any] | None:
        return self.interaction.modal

    @property
    def choices(self) -> list[dict[str, Any]] | None:
        """What an autocomplete was answered with."""
        return self.interaction.choices

    def shown(self) -> list[Message]:
        """Every message this interaction produced, as its user sees them, oldest first."""
        messages = [m for m in [self.interaction.original, *self.interaction.followups] if m]
        return [m for m in messages if m.visible_to(self.interaction.user.id)]
