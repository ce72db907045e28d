"""Fetch a source image from Discord's CDN: allowed hosts only, a byte cap, a time limit."""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

import aiohttp

CHUNK = 1 << 16


class DownloadError(Exception):
    """The image could not be fetched; ``code`` names why, the message says it plainly."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)


def check_source_url(url: str, allowed_hosts: set[str]) -> None:
    """Raises DownloadError unless ``url`` is http(s) on an allowed host."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or host not in allowed_hosts:
        raise DownloadError(
            "host_not_allowed", "That image is not hosted on Discord, so the bot will not fetch it."
        )


async def download(
    session: aiohttp.ClientSession,
    url: str,
    *,
    allowed_hosts: set[str],
    max_bytes: int,
    timeout_s: float,
) -> bytes:
    """The file at ``url``, at most ``max_bytes`` long, fetched within ``timeout_s``.

    Raises:
        DownloadError: host not allowed, link expired (403/404/410), too large, too slow,
            or the network failed.
    """
    check_source_url(url, allowed_hosts)
    try:
        async with asyncio.timeout(timeout_s), session.get(url, allow_redirects=False) as response:
            if response.status in (401, 403, 404, 410):
                raise DownloadError(
                    "expired", "The image link has expired or the file was deleted; post it again."
                )
            if response.status != 200:
                raise DownloadError(
                    "http", f"Discord's file server answered {response.status}; try again later."
                )
            if response.content_length is not None and response.content_length > max_bytes:
                raise _too_large(max_bytes)
            body = bytearray()
            async for chunk in response.content.iter_chunked(CHUNK):
                body += chunk
                if len(body) > max_bytes:
                    raise _too_large(max_bytes)
            return bytes(body)
    except TimeoutError:
        raise DownloadError(
            "timeout", "Downloading the image took too long; try again later."
        ) from None
    except aiohttp.ClientError as exc:
        raise DownloadError(
            "network", "The image could not be downloaded; try again later."
        ) from exc


def _too_large(limit: int) -> DownloadError:
    return DownloadError(
        "file_too_large", f"The file is larger than {limit / 1048576:.0f} MiB, the limit."
    )
