"""What each mode costs and accepts: the one place prices, pixel limits and scales are decided.

The confirmation asks :meth:`ModePolicy.terms` to show the price; the service asks it again
right before the hold is taken. Nothing else knows a price or a per-mode limit. Prices are the
server's own (``/upscale-admin settings``) where it set them, the bot's configuration otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

from config import Mode, Settings
from storage.server_settings import ServerSettingsStore

FAST_SCALES = (2, 3, 4)
CREATIVE_SCALES = (4,)
# The diffusion x4 upscaler is one fixed network; this names it on the job row.
CREATIVE_MODEL = "sd-x4-upscaler"


class ModeUnavailable(Exception):
    """The mode or scale is not offered on this bot; nothing was charged."""

    def __init__(self, mode: Mode, scale: int | None = None) -> None:
        self.mode, self.scale = mode, scale
        what = f"{mode.value} x{scale}" if scale is not None else mode.value
        super().__init__(f"{what.capitalize()} upscales are not offered here.")


@dataclass(frozen=True, slots=True)
class Terms:
    """One mode as offered: its price, the largest input it takes, and its scales."""

    mode: Mode
    price: int
    max_input_pixels: int
    scales: tuple[int, ...]


class ModePolicy:
    def __init__(self, settings: Settings, servers: ServerSettingsStore) -> None:
        self.settings = settings
        self.servers = servers

    async def offered(self, guild_id: int) -> list[Terms]:
        """Every mode members of the server can pick, fast first; creative only when its model
        is set."""
        server = await self.servers.get(guild_id)
        engine = self.settings.engine
        modes = [Terms(Mode.FAST, server.upscale_price, engine.max_input_pixels, FAST_SCALES)]
        if engine.generative_model:
            modes.append(
                Terms(
                    Mode.CREATIVE,
                    server.creative_price,
                    engine.generative_max_input_pixels,
                    CREATIVE_SCALES,
                )
            )
        return modes

    async def terms(self, mode: Mode, scale: int | None = None, *, guild_id: int) -> Terms:
        """The terms of ``mode`` in the server (and that it offers ``scale``, when given).

        Raises:
            ModeUnavailable: the mode is not configured, or does not offer that scale.
        """
        for terms in await self.offered(guild_id):
            if terms.mode is mode:
                if scale is not None and scale not in terms.scales:
                    raise ModeUnavailable(mode, scale)
                return terms
        raise ModeUnavailable(mode)

    def model_for(self, mode: Mode, fast_model: str) -> str:
        """The model a job of ``mode`` runs: the chosen Real-ESRGAN model, or the fixed
        generative one."""
        return CREATIVE_MODEL if mode is Mode.CREATIVE else fast_model
