"""The playground in a real browser (Debian's Chromium, headless, driven by Playwright): what
a person trying the bot for the first time does and sees."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from testbed.images import encoded, photo
from testbed.playground_page import (
    be,
    browser_missing,
    command_answer,
    last_message,
    messages,
    new_message,
    open_browser,
    open_channel,
    open_page,
    ready,
    run_command,
)

from .conftest import PlaygroundFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(browser_missing() is not None, reason=str(browser_missing())),
]

PHOTO = (80, 64)


@pytest.fixture
def screenshots(tmp_path: Path) -> Path:
    folder = tmp_path / "screenshots"
    folder.mkdir()
    print(f"\nscreenshots of each step: {folder}")
    return folder


async def balance(page) -> int:
    """What /credits says the balance is."""
    text = await command_answer(page, re.compile(r"Balance \d+"), "credits")
    found = re.search(r"Balance (\d+)", text)
    assert found, text
    return int(found.group(1))


async def test_upscale_credits_grant_and_a_four_image_post_in_the_browser(
    start_playground: PlaygroundFactory, tmp_path: Path, screenshots: Path
):
    """Upload, /upscale, Upscale, Confirm: the progress text moves, the image is replaced by
    one 4x its size, /credits is 3 lower; the admin's grant shows in the member's balance;
    the generator's four-image post gets a button per image, then a row per image."""
    from playwright.async_api import async_playwright

    started = time.monotonic()
    playground = await start_playground()
    source = tmp_path / "photo.png"
    source.write_bytes(encoded(photo(*PHOTO)))
    async with async_playwright() as driver:
        browser = await open_browser(driver, tmp_path / "profile")
        page = await open_page(browser, playground.url)
        await page.screenshot(path=screenshots / "01-opened.png")
        before = await balance(page)

        posted = await new_message(
            page, "Image from", lambda: run_command(page, "upscale", files={"image": source})
        )
        image = posted.locator("img.attachment")
        await image.wait_for()
        assert await image.evaluate("img => img.complete && img.naturalWidth") == PHOTO[0]
        await page.screenshot(path=screenshots / "02-posted.png")

        upscale = posted.get_by_role("button", name=re.compile("Upscale$"))
        confirmation = await new_message(page, "Only you can see this", upscale.click)
        await confirmation.get_by_role("button", name=re.compile("Confirm")).wait_for()
        await page.screenshot(path=screenshots / "03-confirmation.png")
        await posted.evaluate(
            """li => {
                window.seen = [];
                const record = () => {
                    const now = document.querySelector(`[data-id="${li.dataset.id}"] .content`);
                    if (now) window.seen.push(now.innerText);
                };
                new MutationObserver(record).observe(li.parentNode, {subtree: true, childList: true});
            }"""
        )
        await confirmation.get_by_role("button", name=re.compile("Confirm")).click()
        await page.wait_for_function(
            f"""() => [...document.querySelectorAll('#messages img.attachment')]
                .some(img => img.complete && img.naturalWidth === {PHOTO[0] * 4})""",
            timeout=60_000,
        )
        seen = await page.evaluate("window.seen")
        progress = [text for text in seen if "%" in text or "in queue" in text]
        assert progress, seen
        assert len(set(seen)) >= 2, seen
        # A regex: text matching is case-blind, and the receipt says "Done: upscaled x4".
        replaced = last_message(page, re.compile("Upscaled x4")).locator("img.attachment")
        assert await replaced.evaluate("img => img.naturalWidth") == PHOTO[0] * 4
        assert await replaced.evaluate("img => img.naturalHeight") == PHOTO[1] * 4
        await page.screenshot(path=screenshots / "04-upscaled.png")
        assert await balance(page) == before - 3
        await page.screenshot(path=screenshots / "05-credits.png")

        await be(page, "sam")
        granted = await command_answer(
            page,
            "Granted",
            "credits-admin grant",
            {"member": "alice", "amount": "5", "reason": "playground prize"},
        )
        assert "Granted 5 credits" in granted
        await page.screenshot(path=screenshots / "06-granted.png")
        await be(page, "alice")
        assert await balance(page) == before - 3 + 5
        await page.screenshot(path=screenshots / "07-balance-after-grant.png")

        await open_channel(page, "ai-art")
        await page.get_by_role("button", name="Post four images").click()
        reply = messages(page).filter(has=page.get_by_role("button", name=re.compile("Upscale 4")))
        await reply.wait_for()
        labels = await reply.get_by_role("button").all_inner_texts()
        assert [label.split()[-2:] for label in labels] == [
            ["Upscale", str(i)] for i in range(1, 5)
        ]
        await page.screenshot(path=screenshots / "08-four-images.png")
        second_image = reply.get_by_role("button", name=re.compile("Upscale 2"))
        confirmation = await new_message(page, "Only you can see this", second_image.click)
        await confirmation.get_by_role("button", name=re.compile("Confirm")).click()
        rows = reply.locator(".row")
        await page.wait_for_function(
            "() => [...document.querySelectorAll('#messages li')].some(li => li.querySelectorAll('.rows > .row').length === 4)",
            timeout=60_000,
        )
        assert await rows.count() == 4
        await page.screenshot(path=screenshots / "09-row-per-image.png")
        await browser.close()
    print(f"browser test took {time.monotonic() - started:.1f} s")


async def test_the_page_survives_a_restart_and_a_second_tab_sees_the_channel_live(
    start_playground: PlaygroundFactory, tmp_path: Path, screenshots: Path
):
    """Two tabs: what one posts the other shows at once; after the playground restarts, both
    reconnect on their own and show the same messages, and the bot answers again."""
    from playwright.async_api import async_playwright

    playground = await start_playground()
    async with async_playwright() as driver:
        browser = await open_browser(driver, tmp_path / "profile")
        first = await open_page(browser, playground.url)
        second = await open_page(browser, playground.url)
        await be(second, "bob")
        await first.locator("#message-input").fill("hello from the first tab")
        await first.locator("#message-input").press("Enter")
        await last_message(second, "hello from the first tab").wait_for(timeout=5_000)
        await command_answer(first, "Balance", "credits")
        await second.screenshot(path=screenshots / "01-second-tab.png")
        assert await last_message(second, "Balance").count() == 0  # only alice sees her reply
        shown_before = await messages(first).all_inner_texts()

        await playground.stop()
        await first.wait_for_selector("#connection:not([hidden])", timeout=10_000)
        await first.screenshot(path=screenshots / "02-reconnecting.png")
        playground = await start_playground()
        await ready(first)
        await ready(second)
        assert await messages(first).all_inner_texts() == shown_before
        await last_message(second, "hello from the first tab").wait_for()
        assert "Balance 10" in await command_answer(second, "Balance", "credits")
        await second.screenshot(path=screenshots / "03-after-restart.png")
        await browser.close()


async def test_an_answer_after_three_seconds_shows_that_the_application_did_not_respond(
    start_playground: PlaygroundFactory, tmp_path: Path
):
    """When the bot's answer is late, Discord's deadline holds: the page says "The
    application did not respond" and the late answer never appears."""
    from playwright.async_api import async_playwright

    playground = await start_playground()
    assert playground.world is not None
    async with async_playwright() as driver:
        browser = await open_browser(driver, tmp_path / "profile")
        page = await open_page(browser, playground.url)
        playground.world.faults.delay("POST", "/callback", 3.5)
        await run_command(page, "credits")
        toast = page.get_by_role("alert").filter(has_text="The application did not respond")
        await toast.wait_for(timeout=10_000)
        assert await last_message(page, "Balance").count() == 0
        await browser.close()


async def test_an_admins_settings_form_and_a_members_context_menu_in_the_browser(
    start_playground: PlaygroundFactory, tmp_path: Path, screenshots: Path
):
    """The admin opens /upscale-admin settings, changes the price in its form; a member
    posts a photo, right-clicks it, Apps -> Upscale image, and is asked the new price."""
    from playwright.async_api import async_playwright

    playground = await start_playground()
    source = tmp_path / "photo.png"
    source.write_bytes(encoded(photo(*PHOTO)))
    async with async_playwright() as driver:
        browser = await open_browser(driver, tmp_path / "profile")
        page = await open_page(browser, playground.url)
        await be(page, "sam")
        panel = await new_message(
            page, "Only you can see this", lambda: run_command(page, "upscale-admin settings")
        )
        await panel.get_by_role("button", name=re.compile("Prices and balance")).click()
        form = page.locator("dialog#modal")
        await form.wait_for()
        await form.get_by_label("Upscale price").fill("4")
        await page.screenshot(path=screenshots / "01-settings-form.png")
        await form.get_by_role("button", name="Submit").click()
        await form.wait_for(state="hidden")
        await last_message(page, re.compile("Upscale price.*4")).wait_for()

        await be(page, "alice")
        await page.locator("#file-input").set_input_files(source)
        await page.locator("#message-input").fill("my photo")
        posted = await new_message(
            page, "my photo", lambda: page.locator("#message-input").press("Enter")
        )
        await posted.locator("img.attachment").click(button="right")
        menu = page.get_by_role("menu")
        await menu.get_by_role("menuitem", name="Upscale image").wait_for()
        await page.screenshot(path=screenshots / "02-context-menu.png")
        confirmation = await new_message(
            page,
            "Only you can see this",
            menu.get_by_role("menuitem", name="Upscale image").click,
            has=page.get_by_role("button", name=re.compile("Confirm")),
        )
        await confirmation.get_by_role("button", name=re.compile("Confirm")).wait_for()
        assert "Price: 4 credits" in await confirmation.inner_text()
        await page.screenshot(path=screenshots / "03-asked-the-new-price.png")
        await browser.close()
