"""What each mode costs and accepts: the one place prices, pixel limits and scales are decided.

The confirmation asks :meth:`ModePolicy.quote` for the price it shows; the service asks again
right before the hold is taken and refuses when the two differ. Nothing else knows a price or
a per-mode limit. Flat prices are the server's own (``/upscale-admin settings``) where it set
them, the bot's configuration otherwise; a mode may add credits per started megapixel of the
output.
"""

from __future__ import annotations

from dataclasses import dataclass

from config import Mode, Settings
from storage.server_settings import ServerSettingsStore

FAST_SCALES = (2, 3, 4)
CREATIVE_SCALES = (4,)
DETAIL_SCALES = (2, 4)
# The generative engines are fixed networks (or one configured checkpoint); these name them
# on the job row, where the fast mode names its Real-ESRGAN model.
CREATIVE_MODEL = "sd-x4-upscaler"
DETAIL_MODEL = "sd-detail"
GENERATIVE_MODELS = {Mode.CREATIVE: CREATIVE_MODEL, Mode.DETAIL: DETAIL_MODEL}
MEGAPIXEL = 1_000_000


class ModeUnavailable(Exception):
    """The mode or scale is not offered on this bot; nothing was charged."""

    def __init__(self, mode: Mode, scale: int | None = None) -> None:
        self.mode, self.scale = mode, scale
        what = f"{mode.value} x{scale}" if scale is not None else mode.value
        super().__init__(f"{what.capitalize()} upscales are not offered here.")


class PriceChanged(Exception):
    """The price is no longer the one the member was shown; nothing was charged."""

    def __init__(self, shown: int, now: int) -> None:
        self.shown, self.now = shown, now
        super().__init__(
            f"The price changed from {shown} to {now} credits since it was shown, so this "
            "upscale was not confirmed. Open it again to see the new price."
        )


@dataclass(frozen=True, slots=True)
class Terms:
    """One mode as offered: its flat price, credits per started megapixel of the output (0:
    flat), the largest input it takes, and its scales."""

    mode: Mode
    price: int
    max_input_pixels: int
    scales: tuple[int, ...]
    per_megapixel: int = 0

    def price_for(self, width: int | None, height: int | None, scale: int) -> int:
        """The price of an input of ``width`` x ``height`` upscaled ``scale`` times. Without
        a size (Discord did not say it), only the flat price can be known: a per-megapixel
        price then counts one megapixel."""
        if self.per_megapixel == 0:
            return self.price
        pixels = (width or 0) * scale * (height or 0) * scale
        started = max(1, -(-pixels // MEGAPIXEL))
        return self.price + self.per_megapixel * started


class ModePolicy:
    def __init__(self, settings: Settings, servers: ServerSettingsStore) -> None:
        self.settings = settings
        self.servers = servers

    async def offered(self, guild_id: int) -> list[Terms]:
        """Every mode members of the server can pick, fast first; creative and detail only
        when their models are set."""
        server = await self.servers.get(guild_id)
        engine, credits = self.settings.engine, self.settings.credits
        modes = [
            Terms(
                Mode.FAST,
                server.upscale_price,
                engine.max_input_pixels,
                FAST_SCALES,
                credits.upscale_price_per_megapixel,
            )
        ]
        generative = engine.generative_max_input_pixels
        if engine.generative_model:
            modes.append(
                Terms(
                    Mode.CREATIVE,
                    server.creative_price,
                    generative,
                    CREATIVE_SCALES,
                    credits.creative_price_per_megapixel,
                )
            )
        if engine.detail_model:
            modes.append(
                Terms(
                    Mode.DETAIL,
                    server.detail_price,
                    generative,
                    DETAIL_SCALES,
                    credits.detail_price_per_megapixel,
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

    async def quote(
        self, mode: Mode, scale: int, width: int | None, height: int | None, *, guild_id: int
    ) -> int:
        """The price of this upscale now.

        Raises:
            ModeUnavailable: the mode or scale is not offered.
        """
        terms = await self.terms(mode, scale, guild_id=guild_id)
        return terms.price_for(width, height, scale)


def model_for(mode: Mode, fast_model: str) -> str:
    """The model a job of ``mode`` runs: the chosen fast model, or the fixed generative one."""
    return GENERATIVE_MODELS.get(mode, fast_model)
