"""``upscale-bot db migrate``."""

from __future__ import annotations

import sys

from config import Settings


def run_migrate(settings: Settings) -> int:
    print("the database is not available yet", file=sys.stderr)
    return 1
