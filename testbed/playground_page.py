"""Driving the playground's page in Debian's headless Chromium with Playwright, as a person
would: what the browser tests and ``scripts/playground-screenshot`` share.

Playwright is pointed at the system browser (``/usr/bin/chromium``); it never downloads one.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.async_api import BrowserContext, Locator, Page, Playwright

CHROMIUM = Path("/usr/bin/chromium")
# Headless, and quiet: this machine's network is closed, so nothing may try to reach out.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 860}


def chromium_path() -> Path:
    return CHROMIUM if CHROMIUM.exists() else Path(shutil.which("chromium") or CHROMIUM)


def browser_missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not CHROMIUM.exists() and shutil.which("chromium") is None:
        return "Debian's chromium is not installed (scripts/install-chromium installs it as root)"
    if importlib.util.find_spec("playwright") is None:
        return "Playwright for Python is not installed (pip install -e '.[dev]')"
    return None


async def open_browser(playwright: Playwright, profile: Path) -> BrowserContext:
    """Chromium with ``profile`` (a new, empty folder) as its ``--user-data-dir``."""
    return await playwright.chromium.launch_persistent_context(
        str(profile),
        executable_path=str(chromium_path()),
        headless=True,
        args=CHROMIUM_ARGS,
        viewport=VIEWPORT,  # type: ignore[arg-type]
    )


async def open_page(context: BrowserContext, url: str) -> Page:
    """A new tab on ``url``, once the page has loaded its channel."""
    page = await context.new_page()
    await page.goto(url)
    await ready(page)
    return page


async def ready(page: Page, within_s: float = 30.0) -> None:
    await page.wait_for_selector("body[data-ready=true]", timeout=within_s * 1000)


async def be(page: Page, name: str) -> None:
    """Switch to the person whose name starts with ``name``."""
    select = page.locator("#person")
    option = select.locator("option", has_text=re.compile(f"^{re.escape(name)}"))
    await select.select_option(await option.get_attribute("value"))
    await ready(page)


async def open_channel(page: Page, name: str) -> None:
    await page.locator("#channels button", has_text=f"# {name}").click()


async def run_command(
    page: Page,
    name: str,
    options: dict[str, str] | None = None,
    files: dict[str, Path] | None = None,
) -> None:
    """Type ``/name``, pick it from the bot's commands, fill in its options, press Enter."""
    box = page.locator("#message-input")
    await box.fill(f"/{name}")
    await page.locator(f'#command-list button[data-command="{name}"]').click()
    for option, value in (options or {}).items():
        field = page.locator(f'#command-options [data-option="{option}"]')
        if await field.evaluate("node => node.tagName") == "SELECT":
            await field.select_option(label=value)
        else:
            await field.fill(value)
    for option, path in (files or {}).items():
        await page.locator(f'#command-options [data-option="{option}"]').set_input_files(path)
    await box.press("Enter")
    try:
        await page.locator("#command-form").wait_for(state="hidden", timeout=15_000)
    except Exception as exc:
        said = await page.evaluate("() => window.playground.said")
        raise AssertionError(f"/{name} did not run; the page said: {said!r}") from exc


def messages(page: Page) -> Locator:
    return page.locator("#messages > li")


def last_message(page: Page, has_text: str | re.Pattern[str]) -> Locator:
    return messages(page).filter(has_text=has_text).last


async def new_message(
    page: Page,
    has_text: str | re.Pattern[str],
    action: Callable[[], Awaitable[Any]],
    within_s: float = 30.0,
    has: Locator | None = None,
) -> Locator:
    """Do ``action`` and return the newest message showing ``has_text`` (and holding ``has``)
    once it brought one."""
    matching = messages(page).filter(has_text=has_text, has=has)
    before = await matching.count()
    await action()
    deadline = time.monotonic() + within_s
    while await matching.count() <= before:
        if time.monotonic() > deadline:
            raise AssertionError(f"no new message showing {has_text!r} within {within_s} s")
        await page.wait_for_timeout(100)
    return matching.last


async def command_answer(
    page: Page,
    has_text: str | re.Pattern[str],
    name: str,
    options: dict[str, str] | None = None,
    files: dict[str, Path] | None = None,
) -> str:
    """Run ``/name`` and return the text of the answer that shows ``has_text``."""
    answer = await new_message(page, has_text, lambda: run_command(page, name, options, files))
    return await answer.locator(".content").inner_text()
