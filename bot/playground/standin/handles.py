"""What a test holds while it drives the fake: the interactions it started (with what the bot
answered). The faults it plans are in :mod:`.faults`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.playground.standin.state import Interaction, Message

if TYPE_CHECKING:
    from bot.playground.standin.world import World


@dataclass
class InteractionHandle:
    """An interaction the test started, and a way to see what the bot answered."""

    world: World
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
