"""Reading what a page sends: JSON bodies and multipart forms, bounded; and the refusal."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import BodyPartReader, web

from bot.playground.person_limits import MAX_FILES

MAX_FIELDS = 64


def refused(text: str, status: int = 400) -> web.Response:
    """The page shows ``text`` as Discord's client would show a refusal."""
    return web.json_response({"error": text}, status=status)


async def read_json(request: web.Request) -> dict[str, Any] | web.Response:
    """The body as a JSON object, or the refusal."""
    try:
        body = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return refused("That request is not JSON.")
    return body if isinstance(body, dict) else refused("That request is not an object.")


async def read_form(
    request: web.Request,
) -> tuple[dict[str, str], list[tuple[str, str, bytes]]] | web.Response:
    """Fields and files of a multipart form (files as (field, filename, bytes)), or the
    refusal. The application's body limit bounds the bytes; this bounds the parts."""
    if not request.content_type.startswith("multipart/"):
        return refused("Send that as a form.")
    fields: dict[str, str] = {}
    files: list[tuple[str, str, bytes]] = []
    reader = await request.multipart()
    while (part := await reader.next()) is not None:
        if not isinstance(part, BodyPartReader):
            continue
        if len(files) > MAX_FILES:
            return refused(f"You can upload at most {MAX_FILES} files at a time.")
        if len(fields) > MAX_FIELDS:
            return refused("That form has too many fields.")
        if part.filename:
            files.append((part.name or "", part.filename, bytes(await part.read())))
        else:
            fields[part.name or ""] = await part.text()
    return fields, files
