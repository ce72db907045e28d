"""What Discord refuses a person before the bot hears of it: long messages, big or many
files, options a command does not have or values outside its bounds, choices a select does
not offer, and too many actions too fast (429).

Every check returns the refusal as Discord's client words it, or None; the options of a
command raise :class:`Refused` with it.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from bot.playground.standin.limits import CONTENT

MAX_FILES = 10
STRING_OPTION = 6000  # Discord's longest string option
ACTIONS_PER_WINDOW = 10
ACTION_WINDOW_S = 5.0
SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
STRING, INTEGER, BOOLEAN, USER, CHANNEL, ROLE, MENTIONABLE, NUMBER, ATTACHMENT = (
    3,
    4,
    5,
    6,
    7,
    8,
    9,
    10,
    11,
)


class Refused(Exception):
    """What a person filled in is refused; ``str(exc)`` says why, as the client would."""


@dataclass
class ActionRate:
    """At most ten actions per five seconds per person: faster than anyone clicks, slower than a
    script; past it Discord answers 429, and so does the page."""

    recent: dict[int, deque[float]] = field(default_factory=dict)

    def retry_after(self, user_id: int) -> float:
        """0 when the action may go ahead (and is counted), else seconds to wait."""
        now = time.monotonic()
        window = self.recent.setdefault(user_id, deque())
        while window and now - window[0] >= ACTION_WINDOW_S:
            window.popleft()
        if len(window) >= ACTIONS_PER_WINDOW:
            return round(ACTION_WINDOW_S - (now - window[0]), 2)
        window.append(now)
        return 0.0


def message_refusal(content: str, files: list[tuple[str, bytes]], upload_limit: int) -> str | None:
    """A message a person sends: text, files, or both."""
    if not content.strip() and not files:
        return "A message needs some text or a file."
    if len(content) > CONTENT:
        return f"Your message is {len(content):,} characters long; the limit is {CONTENT:,}."
    if len(files) > MAX_FILES:
        return f"You can upload at most {MAX_FILES} files at a time."
    return upload_refusal(files, upload_limit)


def upload_refusal(files: list[tuple[str, bytes]], upload_limit: int) -> str | None:
    for name, data in files:
        if len(data) > upload_limit:
            return (
                f"Your files are too powerful: {name} is {len(data) / 2**20:.1f} MiB; "
                f"the limit is {upload_limit / 2**20:.0f} MiB."
            )
    return None


def leaf_options(command: dict[str, Any], path: list[str]) -> list[dict[str, Any]] | None:
    """The options of ``/name sub`` (``path`` after the name), or None if it has no such."""
    options: list[dict[str, Any]] = list(command.get("options") or [])
    for part in path:
        sub = next(
            (
                o
                for o in options
                if o["name"] == part and o.get("type") in (SUB_COMMAND, SUB_COMMAND_GROUP)
            ),
            None,
        )
        if sub is None:
            return None
        options = list(sub.get("options") or [])
    if any(o.get("type") in (SUB_COMMAND, SUB_COMMAND_GROUP) for o in options):
        return None  # a group: a sub-command must be picked
    return options


def option_values(
    declared: list[dict[str, Any]],
    given: dict[str, Any],
    files: dict[str, tuple[str, bytes]],
    upload_limit: int,
    known_ids: set[int],
) -> list[dict[str, Any]]:
    """The interaction's options for what a person filled in; raises :class:`Refused`.

    ``given`` maps option names to what was typed or picked (strings from the page);
    ``files`` maps attachment options to the picked file; ``known_ids`` are the users,
    channels and roles of the server a picked id must be one of.
    """
    names = {o["name"] for o in declared}
    unknown = sorted(set(given) - names)
    if unknown:
        raise Refused(f"This command has no option {unknown[0]}.")
    result: list[dict[str, Any]] = []
    for option in declared:
        name, kind = option["name"], int(option["type"])
        if kind == ATTACHMENT:
            if name in files:
                refused = upload_refusal([files[name]], upload_limit)
                if refused:
                    raise Refused(refused)
                result.append({"name": name, "type": kind, "file": files[name]})
            elif option.get("required"):
                raise Refused(f"Pick a file for {name}.")
            continue
        raw = given.get(name)
        if raw is None or (isinstance(raw, str) and raw == ""):
            if option.get("required"):
                raise Refused(f"Fill in {name}.")
            continue
        result.append({"name": name, "type": kind, "value": _typed(option, raw, known_ids)})
    return result


def _typed(option: dict[str, Any], raw: Any, known_ids: set[int]) -> Any:
    """The value as Discord sends it; raises :class:`Refused`."""
    name, kind = option["name"], int(option["type"])
    choices = option.get("choices") or []
    if kind == STRING:
        text = str(raw)
        low, high = (
            int(option.get("min_length") or 0),
            int(option.get("max_length") or STRING_OPTION),
        )
        if not low <= len(text) <= high:
            raise Refused(f"{name} must be {low} to {high} characters long.")
        if choices and text not in {c["value"] for c in choices}:
            raise Refused(f"Pick one of the choices for {name}.")
        return text
    if kind in (INTEGER, NUMBER):
        try:
            number: int | float = int(str(raw)) if kind == INTEGER else float(str(raw))
        except ValueError:
            raise Refused(
                f"{name} must be a {'whole ' if kind == INTEGER else ''}number."
            ) from None
        low_value, high_value = option.get("min_value"), option.get("max_value")
        if (low_value is not None and number < low_value) or (
            high_value is not None and number > high_value
        ):
            raise Refused(f"{name} must be between {low_value} and {high_value}.")
        if choices and number not in {c["value"] for c in choices}:
            raise Refused(f"Pick one of the choices for {name}.")
        return number
    if kind == BOOLEAN:
        return str(raw).lower() in ("true", "1", "yes", "on")
    if kind in (USER, CHANNEL, ROLE, MENTIONABLE):
        try:
            picked = int(str(raw))
        except ValueError:
            raise Refused(f"Pick someone or something for {name}.") from None
        if picked not in known_ids:
            raise Refused(f"Pick someone or something for {name}.")
        return str(picked)
    raise Refused(f"{name} is of a kind this page cannot fill in.")


def select_refusal(component: dict[str, Any], values: list[str], known_ids: set[int]) -> str | None:
    """Values picked in a select must be within its bounds and among its options."""
    low = int(component.get("min_values", 1) if component.get("min_values") is not None else 1)
    high = int(component.get("max_values") or 1)
    if not low <= len(values) <= high:
        return f"Pick {low} to {high}." if low != high else f"Pick {low}."
    if int(component.get("type") or 0) == 3:
        offered = {o["value"] for o in component.get("options") or []}
        if not set(values) <= offered:
            return "That is not one of the choices."
    elif not all(v.isdigit() and int(v) in known_ids for v in values):
        return "That is not one of the choices."
    return None


def modal_refusal(modal: dict[str, Any], values: dict[str, str]) -> str | None:
    """A form's fields: required ones filled, each within its length bounds."""
    for field_json in modal_fields(modal):
        value = values.get(field_json["custom_id"], "")
        label = field_json.get("label") or field_json["custom_id"]
        if field_json.get("required", True) and not value:
            return f"Fill in {label}."
        low = int(field_json.get("min_length") or 0)
        high = int(field_json.get("max_length") or 4000)
        if value and not low <= len(value) <= high:
            return f"{label} must be {low} to {high} characters long."
    return None


def modal_fields(modal: dict[str, Any]) -> list[dict[str, Any]]:
    """The text inputs of a form, in rows (type 1) or labels (type 18)."""
    fields: list[dict[str, Any]] = []
    for row in modal.get("components") or []:
        if row.get("type") == 18 and isinstance(row.get("component"), dict):
            fields.append({"label": row.get("label"), **row["component"]})
        for child in row.get("components") or []:
            fields.append(child)
    return [f for f in fields if f.get("type") == 4]
