"""``upscale-bot upscale IN OUT``: run the engine on a local file."""

from __future__ import annotations

import argparse
import sys

from config import Settings


def add_upscale_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("input", help="image file to upscale")
    parser.add_argument("output", help="where to write the result")


def run_upscale(args: argparse.Namespace, settings: Settings) -> int:
    print("the engine is not available yet", file=sys.stderr)
    return 1
