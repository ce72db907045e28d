"""The ``upscale-bot`` command: ``run``, ``playground``, ``worker``, ``upscale IN OUT``,
``health``, ``db migrate`` and ``db backup PATH``.

``run`` without a token fails (exit 2): a container must never start something else than the
bot it was given. ``run --playground-if-no-token`` (what ``make run`` does) starts the
playground instead, saying so in one line.

Sub-commands import their package lazily so ``upscale-bot upscale`` and ``upscale-bot worker``
never load discord.py and ``upscale-bot db migrate`` never loads torch.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.playground import DEFAULT_PORT
from config import Settings, SettingsError, get_settings

NO_TOKEN_MESSAGE = (
    "No Discord bot token is configured.\n"
    "Put it in the environment as UPSCALE_DISCORD__TOKEN=... or in a .env file in this folder\n"
    "(copy .env.example to .env and fill in the token from the Discord Developer Portal,\n"
    "Applications -> your app -> Bot -> Reset Token)."
)
PLAYGROUND_INSTEAD = (
    "No Discord bot token is configured, so this starts the playground (the bot against a "
    "stand-in Discord in your browser); to run the real bot, put UPSCALE_DISCORD__TOKEN=... "
    "in .env (see .env.example)."
)


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="upscale-bot", description="Self-hosted Discord image upscaler with credits."
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="start the Discord bot")
    run.add_argument(
        "--playground-if-no-token",
        action="store_true",
        help="without a configured token, start the playground instead of failing",
    )

    playground = commands.add_parser(
        "playground",
        help="try the bot in a browser: the real bot against a stand-in Discord on 127.0.0.1",
    )
    playground.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help="port of the page (the stand-in Discord takes the next one up; 0: any free)",
    )

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


def _has_token(settings: Settings) -> bool:
    token = settings.discord.token
    return token is not None and bool(token.get_secret_value().strip())


def _run(settings: Settings, *, playground_if_no_token: bool) -> int:
    if not _has_token(settings):
        if playground_if_no_token:
            print(PLAYGROUND_INSTEAD, flush=True)
            return _playground(settings, port=DEFAULT_PORT)
        print(NO_TOKEN_MESSAGE, file=sys.stderr)
        return 2
    from bot.app import run_bot

    run_bot(settings)
    return 0


def _playground(settings: Settings, *, port: int) -> int:
    import asyncio

    from bot.playground.playground import serve_playground

    def ready(url: str) -> None:
        print(f"Playground ready: open {url} in your browser (Ctrl-C stops it).", flush=True)

    if not 0 <= port <= 65534:
        print(f"--port must be between 0 and 65534 (got {port})", file=sys.stderr)
        return 2
    try:
        asyncio.run(serve_playground(settings, port=port, on_ready=ready))
    except OSError as exc:
        print(f"The playground could not start: {exc}. Try another --port.", file=sys.stderr)
        return 1
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the process exit code."""
    args = _build_parser().parse_args(argv)
    try:
        settings = get_settings()
    except SettingsError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    from bot.ops.logging_setup import configure_logging

    configure_logging(settings.log.format, verbose=args.verbose)

    if args.command == "run":
        return _run(settings, playground_if_no_token=args.playground_if_no_token)
    if args.command == "playground":
        return _playground(settings, port=args.port)
    if args.command == "worker":
        from engine.remote.cli import run_worker

        return run_worker(args, settings)
    if args.command == "upscale":
        from engine.cli import run_upscale

        return run_upscale(args, settings)
    if args.command == "health":
        from bot.ops.health import check_health

        return check_health(settings)
    if args.command == "db":
        from storage.cli import run_backup, run_migrate

        if args.db_command == "backup":
            return run_backup(settings, args.path)
        return run_migrate(settings)
    raise AssertionError(f"unhandled command {args.command!r}")
