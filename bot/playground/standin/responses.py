"""Discord's JSON answers: a success, or an error with Discord's code and message."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

JSON = "application/json"  # discord.py compares the content type with == (no charset)


def error(
    status: int, code: int, message: str, headers: dict[str, str] | None = None
) -> web.Response:
    return ok({"code": code, "message": message}, headers=headers, status=status)


def invalid_form_body(errors: dict[str, Any]) -> web.Response:
    """Discord's 50035: ``errors`` is a tree of fields, each leaf ``{"_errors": [...]}``."""
    return ok({"code": 50035, "message": "Invalid Form Body", "errors": errors}, status=400)


def ok(data: Any, headers: dict[str, str] | None = None, status: int = 200) -> web.Response:
    # Bytes, not text: aiohttp would append "; charset=utf-8", which discord.py rejects.
    return web.Response(
        status=status,
        body=json.dumps(data).encode(),
        headers={"Content-Type": JSON, **(headers or {})},
    )
