"""One `Settings` object with a nested section per part of the product.

Values come from the environment (prefix ``UPSCALE_``, sections joined by ``__``, for example
``UPSCALE_CREDITS__UPSCALE_PRICE=5``) and from a ``.env`` file in the working directory.
Settings are built on demand by :func:`get_settings` (never at import time), so tests and
tools construct their own without a real token.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, SecretStr, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from config.packs import Packs

ENV_PREFIX = "UPSCALE_"
ENV_NESTED_DELIMITER = "__"


class SettingsError(Exception):
    """Settings could not be read; ``problems`` lists ``(setting, message, bad value)``."""

    def __init__(self, problems: list[tuple[str, str, object]]) -> None:
        self.problems = problems
        lines = [f"{name}: {message} (got {value!r})" for name, message, value in problems]
        super().__init__("Invalid configuration:\n  " + "\n  ".join(lines))


class DiscordSettings(BaseModel):
    """How the bot reaches Discord."""

    token: SecretStr | None = Field(
        default=None, description="Bot token from the Developer Portal."
    )
    api_base_url: str = Field(
        default="https://discord.com/api/v10",
        description="REST base URL; point it at an HTTP proxy in front of Discord if you run one.",
    )
    gateway_url: str = Field(
        default="wss://gateway.discord.gg/", description="Gateway WebSocket URL."
    )
    guild_allow_list: list[int] = Field(
        default_factory=list, description="Guild ids the bot serves; empty means every guild."
    )
    cdn_hosts: list[str] = Field(
        default_factory=lambda: ["cdn.discordapp.com", "media.discordapp.net"],
        description="Hosts attachments may be downloaded from.",
    )
    admin_role: int | None = Field(
        default=None,
        description="Role id whose members are credits admins besides Manage Server (an id, "
        "not a name: anyone with Manage Roles could create a role of the same name).",
    )
    auto_button_channels: list[int] = Field(
        default_factory=list, description="Channels where generated images get an Upscale button."
    )
    message_content: bool = Field(
        default=False,
        description="Request the Message Content intent (automatic buttons need it); also on"
        " when auto_button_channels lists channels.",
    )
    auto_button_members: bool = Field(
        default=False, description="Also add buttons under images posted by members, not only bots."
    )
    audit_channel: int | None = Field(
        default=None, description="Channel that receives grant lines."
    )


class CreditSettings(BaseModel):
    """Prices and wallets. Credits are whole numbers."""

    upscale_price: int = Field(
        default=3, ge=0, description="Credits for a fast (Real-ESRGAN) upscale."
    )
    creative_price: int = Field(
        default=5, ge=0, description="Credits for a creative (x4 diffusion) upscale."
    )
    detail_price: int = Field(
        default=5, ge=0, description="Credits for a detail (SD checkpoint) upscale."
    )
    upscale_price_per_megapixel: int = Field(
        default=0,
        ge=0,
        le=1_000_000,
        description="Added to the fast price per started megapixel of the output; 0: flat.",
    )
    creative_price_per_megapixel: int = Field(
        default=0,
        ge=0,
        le=1_000_000,
        description="Added to the creative price per started megapixel of the output; 0: flat.",
    )
    detail_price_per_megapixel: int = Field(
        default=0,
        ge=0,
        le=1_000_000,
        description="Added to the detail price per started megapixel of the output; 0: flat.",
    )
    starting_balance: int = Field(default=10, ge=0, description="Credits a member starts with.")
    max_grant: int = Field(default=10_000, ge=1, description="Largest single grant or revoke.")
    max_queued_per_user: int = Field(
        default=3, ge=1, description="Jobs one member may have queued."
    )
    top_up_url: str | None = Field(
        default=None, description="Where members buy credits, if anywhere."
    )
    packs: Packs = Field(
        default_factory=dict,
        description="Credit packs sold in Discord: a JSON object of consumable SKU ids to "
        'credits, like {"1234567890": 100}; empty sells none.',
    )
    consume_retry_s: float = Field(
        default=1.0,
        gt=0,
        le=60,
        description="First wait before asking Discord again to consume a purchase it refused "
        "(doubling up to a minute).",
    )
    allowance_amount: int = Field(
        default=0, ge=0, description="Free credits every allowance period; 0 turns it off."
    )
    allowance_every_hours: int = Field(
        default=24, ge=1, le=24 * 365, description="Length of an allowance period, in hours."
    )
    allowance_cap: int = Field(
        default=20, ge=0, description="The allowance never lifts a balance above this."
    )


# A short list members can read at a glance: one or two per purpose, each fast enough for a
# CPU host except x4plus (the default, for its quality).
MEMBER_MODELS = (
    "x4plus",
    "x4plus-anime",
    "animevideo-x2",
    "animevideo-x3",
    "animevideo-x4",
    "clearreality-x4",
    "span-x4",
    "span-x2",
    "cugan-x2",
    "cugan-x4",
    "cugan-x2-denoise3",
)


class EngineSettings(BaseModel):
    """Where and how images are upscaled."""

    device: Literal["auto", "cpu", "cuda"] = "auto"
    precision: Literal["auto", "fp32", "bf16", "fp16"] = "auto"
    model: str = Field(default="x4plus", description="Default model name (see the model registry).")
    models: list[str] = Field(
        default_factory=lambda: list(MEMBER_MODELS),
        max_length=25,
        description="The models members may choose in /upscale (Discord lists 25 at most); "
        'files in the weights folder are offered besides these. ["all"]: every installed model.',
    )
    weights_dir: Path | None = Field(
        default=None,
        description="Folder of official .pth/.safetensors files; they take precedence.",
    )
    tile_size: int | None = Field(
        default=None,
        ge=32,
        le=8192,
        description="Largest tile edge in input pixels; unset: as large as the memory allows.",
    )
    tile_overlap: int | None = Field(
        default=None,
        ge=0,
        le=512,
        description="Least overlap between neighbouring tiles in input pixels; unset: the "
        "smallest that keeps tiles within a few levels of one pass, per model.",
    )
    tile_blend: int | None = Field(
        default=None,
        ge=0,
        le=512,
        description="Middle band of each overlap that is cross-faded (the rest is discarded); "
        "unset: per model.",
    )
    cpu_memory_budget_mb: int = Field(
        default=4096,
        ge=256,
        description="Memory the network may use on the CPU; an image that fits runs untiled.",
    )
    cuda_memory_fraction: float = Field(
        default=0.8,
        gt=0,
        le=1,
        description="Share of the GPU memory free at the start of a job that it may use.",
    )
    compile: Literal["off", "default", "reduce-overhead", "max-autotune"] = Field(
        default="off",
        description="torch.compile mode for the networks (reduce-overhead uses CUDA graphs).",
    )
    fast_path: Literal["auto", "eager", "fused"] = Field(
        default="auto",
        description="How networks run: eager is the reference forward pass; fused runs "
        "activations and residuals in place (same pixels, fewer memory passes); auto: fused "
        "where the network has such steps.",
    )
    max_input_pixels: int = Field(default=4_194_304, ge=1, description="Largest input (w*h).")
    max_input_bytes: int = Field(default=25 * 1024 * 1024, ge=1, description="Largest input file.")
    generative_model: str | None = Field(
        default=None,
        description="Local folder or model id of the Stable Diffusion x4 upscaler (creative).",
    )
    generative_max_input_pixels: int = Field(
        default=1024 * 1024, ge=1, description="Largest input of the generative modes (w*h)."
    )
    detail_model: str | None = Field(
        default=None,
        description="The detail mode's SD 1.5 or SDXL checkpoint: a diffusers folder, a "
        ".safetensors file or a model id.",
    )
    detail_family: Literal["auto", "sd15", "sdxl"] = Field(
        default="auto", description="The checkpoint's family; auto reads it from the checkpoint."
    )
    detail_model_config: str | None = Field(
        default=None,
        description="Diffusers folder (or model id) with the configuration of a single-file "
        "checkpoint's family; without it diffusers fetches it from the Hub.",
    )
    detail_controlnet: str | None = Field(
        default=None,
        description="Optional ControlNet tile model (a folder or a .safetensors file).",
    )
    detail_upscale_model: str | None = Field(
        default=None,
        description="Real-ESRGAN model of the detail mode's first pass; default: model.",
    )

    @model_validator(mode="after")
    def _overlap_fits_tile(self) -> EngineSettings:
        overlap = self.tile_overlap
        if self.tile_size is not None and overlap is not None and overlap * 2 >= self.tile_size:
            raise ValueError(
                f"tile_overlap ({self.tile_overlap}) must be less than half of tile_size "
                f"({self.tile_size})"
            )
        blend = self.tile_blend
        if blend is not None and overlap is not None and blend > overlap:
            raise ValueError(
                f"tile_blend ({self.tile_blend}) must not exceed tile_overlap ({self.tile_overlap})"
            )
        return self


class QueueSettings(BaseModel):
    """The job queue and the workers that drain it: local engine processes, or workers on
    other machines reached through Redis."""

    max_length: int = Field(default=100, ge=1, description="Jobs waiting at most, all members.")
    job_timeout_s: float = Field(default=600.0, gt=0, description="A job running longer fails.")
    max_attempts: int = Field(default=3, ge=1, description="Tries before a job fails for good.")
    progress_interval_s: float = Field(default=2.0, ge=0, description="Least time between edits.")
    download_timeout_s: float = Field(default=30.0, gt=0)
    delivery_attempts: int = Field(default=6, ge=1, description="Tries to show a finished result.")
    delivery_backoff_s: float = Field(default=2.0, gt=0, description="First retry delay; doubles.")
    redelivery_interval_s: float = Field(
        default=60.0, gt=0, description="How often results that could not be shown are retried."
    )
    work_dir: Path | None = Field(default=None, description="Scratch files; default <data>/work.")
    shutdown_grace_s: float = Field(
        default=8.0,
        ge=0,
        description="On SIGTERM, how long running jobs may finish before they are put back.",
    )
    redis_url: SecretStr | None = Field(
        default=None,
        description="redis:// or rediss:// URL; when set, jobs run on `upscale-bot worker`s.",
    )
    local_workers: int | None = Field(
        default=None,
        ge=0,
        le=16,
        description="Engine processes on the bot's host; default 1 without Redis, 0 with it.",
    )
    lease_s: float = Field(
        default=30.0, gt=0, description="A remote job whose worker is silent this long is retried."
    )
    heartbeat_s: float = Field(
        default=5.0, gt=0, description="How often a worker says it is alive (renewing its leases)."
    )
    transfer_ttl_s: int = Field(
        default=3600, ge=60, description="Images in Redis expire after this many seconds."
    )
    redis_prefix: str = Field(
        default="upscale", min_length=1, description="Prefix of every Redis key the bot uses."
    )

    @property
    def engine_processes(self) -> int:
        """Local engine processes to start: the setting, or 1 without Redis and 0 with it."""
        if self.local_workers is not None:
            return self.local_workers
        return 0 if self.redis_url is not None else 1

    @model_validator(mode="after")
    def _somewhere_to_run(self) -> QueueSettings:
        if self.redis_url is None and self.local_workers == 0:
            raise ValueError("local_workers is 0 and no redis_url is set: no job could run")
        if self.heartbeat_s * 2 > self.lease_s:
            raise ValueError(
                f"heartbeat_s ({self.heartbeat_s}) must be at most half of lease_s "
                f"({self.lease_s}), or a live worker could lose its lease"
            )
        return self


class StorageSettings(BaseModel):
    """Where state lives on disk."""

    data_dir: Path = Field(default=Path("data"), description="Database, images and model cache.")
    database_path: Path | None = Field(
        default=None, description="SQLite file; defaults to <data_dir>/upscale-bot.sqlite3."
    )
    blob_max_bytes: int = Field(default=20 * 1024**3, ge=0, description="Retention size cap.")
    blob_max_age_days: int = Field(default=90, ge=1, description="Unreferenced blobs older go.")
    sweep_interval_s: float = Field(
        default=3600.0, gt=0, description="How often the blob store is swept (also at start)."
    )

    @property
    def database_file(self) -> Path:
        return self.database_path or self.data_dir / "upscale-bot.sqlite3"

    @property
    def blobs_dir(self) -> Path:
        return self.data_dir / "blobs"

    @property
    def model_cache_dir(self) -> Path:
        return self.data_dir / "models"


class MetricsSettings(BaseModel):
    """Prometheus metrics and the health endpoint, served over HTTP by the bot process."""

    port: int | None = Field(
        default=None,
        ge=0,
        le=65535,
        description="Serve /metrics and /healthz on this port; unset turns them off.",
    )
    host: str = Field(default="127.0.0.1", description="Address to listen on.")


class LogSettings(BaseModel):
    """How the bot writes its log."""

    format: Literal["text", "json"] = Field(
        default="text", description="text for people, json for one JSON object a line."
    )


class Settings(BaseSettings):
    """Every setting of upscale-bot, one section per part."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_nested_delimiter=ENV_NESTED_DELIMITER,
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
    )

    discord: DiscordSettings = Field(default_factory=DiscordSettings)
    credits: CreditSettings = Field(default_factory=CreditSettings)
    engine: EngineSettings = Field(default_factory=EngineSettings)
    queue: QueueSettings = Field(default_factory=QueueSettings)
    storage: StorageSettings = Field(default_factory=StorageSettings)
    metrics: MetricsSettings = Field(default_factory=MetricsSettings)
    log: LogSettings = Field(default_factory=LogSettings)


def _env_name(location: tuple[int | str, ...]) -> str:
    parts = [str(p) for p in location if not isinstance(p, int)]
    return ENV_PREFIX + ENV_NESTED_DELIMITER.join(p.upper() for p in parts)


def load_settings(**overrides: Any) -> Settings:
    """Build settings from the environment, ``.env`` and ``overrides``.

    Raises:
        SettingsError: naming each bad setting as its environment variable, with the value.
    """
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        problems = [(_env_name(err["loc"]), err["msg"], err.get("input")) for err in exc.errors()]
        raise SettingsError(problems) from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once on first use."""
    return load_settings()
