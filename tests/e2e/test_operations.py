"""Running the bot for a community: Prometheus metrics and the health endpoint, scraped over
real HTTP from the real bot while it serves the fake Discord."""

from __future__ import annotations

import asyncio
import json

import aiohttp
from prometheus_client.parser import text_string_to_metric_families

from bot.app import UpscaleBot
from bot.ops.health import check_health
from bot.playground.standin import FakeDiscord, Member
from config import Settings
from testbed.images import encoded, photo

from .conftest import BotFactory
from .member import confirmation_of, credits_text, custom_id, post_with_button


def with_metrics(settings: Settings) -> Settings:
    settings = settings.model_copy(deep=True)
    settings.metrics.port = 0  # any free port; the bot says which
    return settings


async def scrape(bot: UpscaleBot) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of /metrics, keyed by name and labels."""
    assert bot.ops_server is not None
    url = f"http://127.0.0.1:{bot.ops_server.port}/metrics"
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/plain")
        text = await response.text()
    samples = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


async def healthz(bot: UpscaleBot) -> tuple[int, dict[str, str]]:
    assert bot.ops_server is not None
    url = f"http://127.0.0.1:{bot.ops_server.port}/healthz"
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status, json.loads(await response.text())


async def confirm_upscale(fake: FakeDiscord, member: Member, data: bytes, name: str) -> None:
    await post_with_button(fake, member, data, name)
    confirmation = confirmation_of(fake, member)
    assert confirmation is not None
    await fake.click(confirmation, custom_id(confirmation, "cf:"), member).response()


async def test_metrics_move_by_exactly_one_delivered_and_one_refunded_job(
    fake: FakeDiscord, start_bot: BotFactory, bot_settings: Settings
):
    """One upscale that is shown and one refused file that is refunded: the counters and
    histograms say exactly that, and the 429 Discord sent is counted."""
    bot = await start_bot(with_metrics(bot_settings))
    before = await scrape(bot)
    assert before[("upscale_queue_depth", ())] == 0
    assert before[("upscale_worker_restarts_total", ())] == 0
    assert not any(name.startswith("upscale_jobs_total") for name, _ in before)

    alice = fake.add_member("alice")
    posted = await post_with_button(fake, alice, encoded(photo(24, 24)))
    confirmation = confirmation_of(fake, alice)
    assert confirmation is not None
    fake.faults.rate_limit("PATCH", f"/messages/{posted.id}", times=1, retry_after=0.05)
    fake.click(confirmation, custom_id(confirmation, "cf:"), alice)
    await fake.wait_for(lambda: posted.content.startswith("Upscaled x4"), within=60)
    bob = fake.add_member("bob")
    await confirm_upscale(fake, bob, b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "broken.png")
    await fake.wait_for(
        lambda: any("refunded" in m.content for m in fake.visible_messages(bob)), within=60
    )
    await bot.service.run_until_empty()

    after = await scrape(bot)
    fast = (("mode", "fast"),)
    assert after[("upscale_jobs_total", (("mode", "fast"), ("state", "delivered")))] == 1
    assert after[("upscale_jobs_total", (("mode", "fast"), ("state", "failed")))] == 1
    assert ("upscale_jobs_total", (("mode", "fast"), ("state", "cancelled"))) not in after
    assert after[("upscale_credits_captured_total", ())] == 3
    assert after[("upscale_credits_refunded_total", ())] == 3
    # Only the good file reached the engine: one run, one wait.
    assert after[("upscale_job_seconds_count", fast)] == 1
    assert 0 < after[("upscale_job_seconds_sum", fast)] < 60
    assert after[("upscale_queue_wait_seconds_count", ())] == 1
    assert after[("upscale_queue_depth", ())] == 0
    assert after[("upscale_worker_restarts_total", ())] == 0
    assert after[("upscale_discord_rate_limited_total", ())] == 1 + fake.rate_limited
    assert not any(name == "upscale_gpu_memory_bytes" for name, _ in after)  # CPU here
    assert "Balance 7" in await credits_text(fake, alice)


async def test_healthz_follows_the_gateway(
    fake: FakeDiscord, start_bot: BotFactory, bot_settings: Settings
):
    """200 while connected; 503 saying so while Discord's gateway is away; 200 after RESUME.
    `upscale-bot health` asks the same endpoint when the port is set."""
    settings = with_metrics(bot_settings)
    bot = await start_bot(settings)
    assert bot.ops_server is not None
    settings.metrics.port = bot.ops_server.port
    status, body = await healthz(bot)
    assert (status, body) == (200, {"status": "ok", "gateway": "connected", "worker": "alive"})
    assert await asyncio.to_thread(check_health, settings) == 0

    resumes = fake.gateway.resumes
    await fake.gateway.outage()
    for _ in range(100):
        status, body = await healthz(bot)
        if status == 503:
            break
        await asyncio.sleep(0.05)
    assert (status, body["gateway"], body["worker"]) == (503, "disconnected", "alive")
    assert await asyncio.to_thread(check_health, settings) == 1

    fake.gateway.recover()
    for _ in range(400):
        status, body = await healthz(bot)
        if status == 200:
            break
        await asyncio.sleep(0.05)
    assert (status, body["gateway"]) == (200, "connected")
    assert fake.gateway.resumes == resumes + 1
