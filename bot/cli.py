"""The ``upscale-bot`` command: ``run``, ``worker``, ``upscale IN OUT``, ``health``, ``db migrate``
and ``db backup PATH``.

Sub-commands import their package lazily so ``upscale-bot upscale`` and ``upscale-bot worker``
never load discord.py and ``upscale-bot db migrate`` never loads torch.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from config import Settings, SettingsError, get_settings

NO_TOKEN_MESSAGE = (
    "No Discord bot token is configured.\n"
    "Put it in the environment as UPSCALE_DISCORD__TOKEN=... or in a .env file in this folder\n"
    "(copy .env.example to .env and fill in the token from the Discord Developer Portal,\n"
    "Applications -> your app -> Bot -> Reset Token)."
)


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="upscale-bot", description="Self-hosted Discord image upscaler with credits."
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    commands = parser.add_subparsers(dest="command", required=True)

    commands.add_parser("run", help="start the Discord bot")

    worker = commands.add_parser(
        "worker", help="run jobs for a bot on this machine's GPU (or CPU), through Redis"
    )
    from engine.remote.cli import add_worker_arguments

    add_worker_arguments(worker)

    upscale = commands.add_parser("upscale", help="upscale an image file locally")
    from engine.cli import add_upscale_arguments

    add_upscale_arguments(upscale)

    commands.add_parser("health", help="exit 0 if the running bot is healthy (for Docker)")

    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(dest="db_command", required=True)
    db_commands.add_parser("migrate", help="apply pending schema migrations")
    backup = db_commands.add_parser(
        "backup", help="copy the database to PATH while the bot runs (consistent, online)"
    )
    backup.add_argument("path", type=Path, help="file to write (replaced if it exists)")
    return parser


def _run(settings: Settings) -> int:
    if settings.discord.token is None or not settings.discord.token.get_secret_value().strip():
        print(NO_TOKEN_MESSAGE, file=sys.stderr)
        return 2
    from bot.app import run_bot

    run_bot(settings)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the process exit code."""
    args = _build_parser().parse_args(argv)
    try:
        settings = get_settings()
    except SettingsError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    from bot.logging_setup import configure_logging

    configure_logging(settings.log.format, verbose=args.verbose)

    if args.command == "run":
        return _run(settings)
    if args.command == "worker":
        from engine.remote.cli import run_worker

        return run_worker(args, settings)
    if args.command == "upscale":
        from engine.cli import run_upscale

        return run_upscale(args, settings)
    if args.command == "health":
        from bot.health import check_health

        return check_health(settings)
    if args.command == "db":
        from storage.cli import run_backup, run_migrate

        if args.db_command == "backup":
            return run_backup(settings, args.path)
        return run_migrate(settings)
    raise AssertionError(f"unhandled command {args.command!r}")
