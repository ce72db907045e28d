"""``python -m bot`` is ``upscale-bot run``."""

import sys

from bot.cli import main

sys.exit(main(["run", *sys.argv[1:]]))
