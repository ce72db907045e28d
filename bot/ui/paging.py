"""Long listings in Discord's limits by construction: every page fits one message (2,000
characters) however long the lines are, and pages are numbered for the page buttons."""

from __future__ import annotations

from dataclasses import dataclass

from bot.ui.wording import ENGLISH, Wording

MAX_CONTENT = 2000
MAX_LINE = 300  # one entry never takes more than this, so a page always holds several


@dataclass(frozen=True, slots=True)
class Page:
    text: str
    number: int  # 1-based
    count: int


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def page_of(
    lines: list[str], number: int, *, header: str, per_page: int, say: Wording = ENGLISH
) -> Page:
    """Page ``number`` (clamped to the pages there are) of ``lines`` under ``header``; at most
    ``per_page`` lines a page, and never more than a message holds."""
    head = clip(header, MAX_LINE)
    budget = MAX_CONTENT - len(head) - 40  # room for the header, its newline and "page x/y"
    pages: list[list[str]] = [[]]
    used = 0
    for line in (clip(line, MAX_LINE) for line in lines):
        if len(pages[-1]) >= per_page or used + len(line) + 1 > budget:
            pages.append([])
            used = 0
        pages[-1].append(line)
        used += len(line) + 1
    count = len(pages)
    current = min(max(1, number), count)
    footer = say("page-footer", page=current, pages=count) if count > 1 else ""
    text = "\n".join(part for part in (head, *pages[current - 1], footer) if part)
    return Page(text, current, count)
