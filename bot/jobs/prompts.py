"""Where a generative upscale's prompt comes from when the member gives none: the generation
prompt in the image's own metadata, else the text of the generator's message.

Members' files are hostile: the metadata is read off the event loop by a reader that is
bounded and never raises, so malformed metadata means "no prompt", never a failed upscale.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass

from engine.creative.controls import MAX_PROMPT_CHARS
from engine.images.generation_prompt import read_generation_prompt

_BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)
_MENTION = re.compile(r"<(?:@[!&]?|#)\d+>")
_LINK = re.compile(r"https?://\S+")


@dataclass(frozen=True, slots=True)
class FoundPrompt:
    """A prompt found for an image; ``source`` says where (``image``, ``message``)."""

    prompt: str
    negative_prompt: str
    source: str
    tool: str | None = None  # the generator whose metadata held it, when known


async def prompt_in_image(data: bytes) -> FoundPrompt | None:
    """The generation prompt in the file's metadata, read in a thread; None when there is
    none or it cannot be read."""
    found = await asyncio.to_thread(read_generation_prompt, data)
    if found is None or not found.prompt.strip():
        return None
    return FoundPrompt(
        _bounded(found.prompt), _bounded(found.negative_prompt), "image", found.source or None
    )


def prompt_in_message(text: str) -> FoundPrompt | None:
    """A generator's message as a prompt: its first bold span (how Midjourney and most bots
    quote the prompt) or else the whole text, without mentions and links."""
    bold = _BOLD.search(text)
    prompt = bold.group(1) if bold else text
    prompt = _LINK.sub("", _MENTION.sub("", prompt))
    prompt = " ".join(prompt.split())
    return FoundPrompt(_bounded(prompt), "", "message") if prompt else None


def shortened(text: str, limit: int) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _bounded(text: str) -> str:
    return text.strip()[:MAX_PROMPT_CHARS]
