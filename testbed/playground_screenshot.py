"""The README's screenshot of the playground, made from a real run: a generator bot posts a
sample into the watched channel, a member clicks Upscale and Confirm, and once the image is
replaced by the upscaled one the page is photographed.

    scripts/playground-screenshot [OUT.png]      (default: docs/playground.png)

It runs the playground in a temporary data dir with this machine's settings (the model, the
device), so the picture shows what `make run` shows here.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
import tempfile
from pathlib import Path

from bot.playground.playground import Playground
from config import load_settings
from testbed.playground_page import (
    browser_missing,
    new_message,
    open_browser,
    open_channel,
    open_page,
)

DEFAULT_OUT = Path("docs/playground.png")


async def photograph(out: Path, folder: Path) -> tuple[int, int]:
    """Run the playground in ``folder`` and write the screenshot to ``out``; returns the
    upscaled image's size."""
    from playwright.async_api import async_playwright

    settings = load_settings(storage={"data_dir": folder / "data"})
    playground = Playground(settings, port=0)
    await playground.start()
    try:
        async with async_playwright() as driver:
            browser = await open_browser(driver, folder / "profile")
            page = await open_page(browser, playground.url)
            # Tall enough for the post, the upscaled image and the receipt together.
            await page.set_viewport_size({"width": 1280, "height": 1180})
            await open_channel(page, "ai-art")
            post = page.get_by_role("button", name="Post one image")
            reply = await new_message(page, "Upscale", post.click)
            button = reply.get_by_role("button", name=re.compile("Upscale$"))
            confirmation = await new_message(page, "Only you can see this", button.click)
            await confirmation.get_by_role("button", name=re.compile("Confirm")).click()
            await page.wait_for_function(
                """() => [...document.querySelectorAll('#messages img.attachment')]
                    .some(img => img.complete && img.naturalWidth > 500)""",
                timeout=600_000,
            )
            await page.evaluate(
                "() => { const list = document.getElementById('messages'); list.scrollTop = list.scrollHeight; }"
            )
            await page.wait_for_timeout(300)
            out.parent.mkdir(parents=True, exist_ok=True)
            await page.screenshot(path=out)
            size = await page.evaluate(
                """() => [...document.querySelectorAll('#messages img.attachment')]
                    .map(img => [img.naturalWidth, img.naturalHeight])
                    .sort((a, b) => b[0] - a[0])[0]"""
            )
            await browser.close()
            return int(size[0]), int(size[1])
    finally:
        await playground.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    missing = browser_missing()
    if missing:
        print(f"cannot take the screenshot: {missing}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="playground-screenshot-") as folder:
        width, height = asyncio.run(photograph(args.out, Path(folder)))
    print(f"wrote {args.out} (the upscaled image is {width}x{height})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
