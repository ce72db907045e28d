"""Discord's length and count limits on message bodies and modals.

Every route that carries a message body (channel message create and edit, interaction
callbacks, followups, webhook edits) checks it here, and a body that breaks a limit is answered
as Discord answers it: 400, code 50035 "Invalid Form Body", with an ``errors`` tree naming each
field (discord.py shows them as "In embeds.0.title: Must be 256 or fewer in length.").
Premium buttons (style 6) follow Discord's rule: a ``sku_id`` and no label, emoji, url or
custom_id.
Numbers: https://discord.com/developers/docs/resources/message#embed-object-embed-limits and
https://discord.com/developers/docs/components/reference.
"""

from __future__ import annotations

from typing import Any

CONTENT = 2000
EMBEDS = 10
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELDS = 25
EMBED_FIELD_NAME = 256
EMBED_FIELD_VALUE = 1024
EMBED_FOOTER = 2048
EMBED_AUTHOR = 256
EMBED_TOTAL = 6000
ROWS = 5
ROW_WIDTH = 5
BUTTON_LABEL = 80
CUSTOM_ID = 100
SELECT_OPTIONS = 25
OPTION_TEXT = 100
PLACEHOLDER = 150
MODAL_TITLE = 45
MODAL_LABEL = 45
TEXT_INPUT_PLACEHOLDER = 100
TEXT_INPUT_VALUE = 4000
COMPONENTS_V2_TOTAL = 40

IS_COMPONENTS_V2 = 1 << 15
ACTION_ROW, BUTTON, STRING_SELECT, TEXT_INPUT, LABEL = 1, 2, 3, 4, 18
SELECTS = {3, 5, 6, 7, 8}  # string, user, role, mentionable, channel: each fills a row
LINK_STYLE, PREMIUM_STYLE = 5, 6  # buttons without a custom_id
# Discord answers a premium button with a label (or a sku_id on another style) with 50035; the
# inner code under the field is not documented, so this one is the fake's own name for it.
NOT_ALLOWED = "COMPONENT_FIELD_NOT_ALLOWED"

Path = tuple[str | int, ...]


class FormErrors:
    """The ``errors`` tree of a 50035 answer; empty when the body is within every limit."""

    def __init__(self) -> None:
        self.tree: dict[str, Any] = {}

    def __bool__(self) -> bool:
        return bool(self.tree)

    def add(self, path: Path, code: str, message: str) -> None:
        node = self.tree
        for part in path:
            node = node.setdefault(str(part), {})
        node.setdefault("_errors", []).append({"code": code, "message": message})

    def at_most(self, path: Path, value: Any, limit: int) -> None:
        """A string or list may hold ``limit`` characters or items."""
        if value is not None and len(value) > limit:
            self.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")

    def between(self, path: Path, value: Any, low: int, high: int) -> None:
        if value is None or not low <= len(value) <= high:
            self.add(path, "BASE_TYPE_BAD_LENGTH", f"Must be between {low} and {high} in length.")


def message_errors(body: dict[str, Any], root: Path = ()) -> FormErrors:
    """What a message body (create, edit, reply, followup) breaks of Discord's limits."""
    errors = FormErrors()
    content = body.get("content")
    if isinstance(content, str):
        errors.at_most((*root, "content"), content, CONTENT)
    _embeds(errors, body.get("embeds") or [], (*root, "embeds"))
    flags = int(body.get("flags") or 0)
    _message_components(
        errors, body.get("components") or [], (*root, "components"), bool(flags & IS_COMPONENTS_V2)
    )
    return errors


def callback_errors(body: dict[str, Any]) -> FormErrors:
    """An interaction callback: replies and updates (4, 7) carry a message, 9 a modal."""
    kind = int(body.get("type") or 0)
    data = body.get("data") or {}
    if kind in (4, 7):
        return message_errors(data, ("data",))
    if kind == 9:
        return modal_errors(data, ("data",))
    if kind == 8:
        return choices_errors(data, ("data",))
    return FormErrors()


def choices_errors(data: dict[str, Any], root: Path = ()) -> FormErrors:
    """An autocomplete's answer: at most 25 choices, each name and value 1-100 characters."""
    errors = FormErrors()
    choices = data.get("choices") or []
    errors.at_most((*root, "choices"), choices, SELECT_OPTIONS)
    for i, choice in enumerate(choices):
        at = (*root, "choices", i)
        errors.between((*at, "name"), choice.get("name"), 1, OPTION_TEXT)
        value = choice.get("value")
        if isinstance(value, str):
            errors.between((*at, "value"), value, 1, OPTION_TEXT)
    return errors


def modal_errors(data: dict[str, Any], root: Path = ()) -> FormErrors:
    errors = FormErrors()
    errors.between((*root, "title"), data.get("title"), 1, MODAL_TITLE)
    errors.between((*root, "custom_id"), data.get("custom_id"), 1, CUSTOM_ID)
    rows = data.get("components") or []
    errors.between((*root, "components"), rows, 1, ROWS)
    seen: set[str] = set()
    for i, row in enumerate(rows):
        path = (*root, "components", i)
        kind = row.get("type")
        if kind == ACTION_ROW:
            children = row.get("components") or []
            errors.between((*path, "components"), children, 1, 1)
            for j, child in enumerate(children):
                _modal_field(errors, child, (*path, "components", j), seen, labelled=False)
        elif kind == LABEL:
            errors.between((*path, "label"), row.get("label"), 1, MODAL_LABEL)
            errors.at_most((*path, "description"), row.get("description"), OPTION_TEXT)
            child = row.get("component") or {}
            _modal_field(errors, child, (*path, "component"), seen, labelled=True)
    return errors


def _modal_field(
    errors: FormErrors, field: dict[str, Any], path: Path, seen: set[str], *, labelled: bool
) -> None:
    _custom_id(errors, field, path, seen)
    if field.get("type") == TEXT_INPUT:
        if not labelled:  # a text input in a row carries its own label
            errors.between((*path, "label"), field.get("label"), 1, MODAL_LABEL)
        errors.at_most((*path, "placeholder"), field.get("placeholder"), TEXT_INPUT_PLACEHOLDER)
        errors.at_most((*path, "value"), field.get("value"), TEXT_INPUT_VALUE)
    elif field.get("type") in SELECTS:
        _select(errors, field, path)


def _embeds(errors: FormErrors, embeds: list[dict[str, Any]], path: Path) -> None:
    errors.at_most(path, embeds, EMBEDS)
    total = 0
    for i, embed in enumerate(embeds):
        at = (*path, i)
        title, description = embed.get("title") or "", embed.get("description") or ""
        footer = (embed.get("footer") or {}).get("text") or ""
        author = (embed.get("author") or {}).get("name") or ""
        errors.at_most((*at, "title"), title, EMBED_TITLE)
        errors.at_most((*at, "description"), description, EMBED_DESCRIPTION)
        errors.at_most((*at, "footer", "text"), footer, EMBED_FOOTER)
        errors.at_most((*at, "author", "name"), author, EMBED_AUTHOR)
        fields = embed.get("fields") or []
        errors.at_most((*at, "fields"), fields, EMBED_FIELDS)
        total += len(title) + len(description) + len(footer) + len(author)
        for j, field in enumerate(fields):
            name, value = field.get("name") or "", field.get("value") or ""
            errors.at_most((*at, "fields", j, "name"), name, EMBED_FIELD_NAME)
            errors.at_most((*at, "fields", j, "value"), value, EMBED_FIELD_VALUE)
            total += len(name) + len(value)
    if total > EMBED_TOTAL:
        # Discord counts every embed of the message together.
        errors.add(
            path, "MAX_EMBED_SIZE_EXCEEDED", f"Embed size exceeds maximum size of {EMBED_TOTAL}"
        )


def _message_components(
    errors: FormErrors, components: list[dict[str, Any]], path: Path, v2: bool
) -> None:
    seen: set[str] = set()
    if not v2:
        errors.at_most(path, components, ROWS)
    count = 0
    stack: list[tuple[dict[str, Any], Path]] = [(c, (*path, i)) for i, c in enumerate(components)]
    while stack:
        component, at = stack.pop(0)
        count += 1
        kind = component.get("type")
        children = component.get("components") or []
        if kind == ACTION_ROW:
            _row(errors, children, (*at, "components"))
        elif kind == BUTTON:
            errors.at_most((*at, "label"), component.get("label"), BUTTON_LABEL)
            if component.get("style") == PREMIUM_STYLE:
                _premium_button(errors, component, at)
            elif component.get("style") != LINK_STYLE:
                _custom_id(errors, component, at, seen)
            if component.get("style") != PREMIUM_STYLE and component.get("sku_id") is not None:
                errors.add((*at, "sku_id"), NOT_ALLOWED, "Only premium buttons carry a sku_id.")
        elif kind in SELECTS:
            _custom_id(errors, component, at, seen)
            _select(errors, component, at)
        stack.extend((c, (*at, "components", j)) for j, c in enumerate(children))
        if isinstance(component.get("accessory"), dict):  # a v2 section's button
            stack.append((component["accessory"], (*at, "accessory")))
    if v2 and count > COMPONENTS_V2_TOTAL:
        errors.add(
            path,
            "BASE_TYPE_MAX_LENGTH",
            f"Must be {COMPONENTS_V2_TOTAL} or fewer in length.",
        )


def _premium_button(errors: FormErrors, button: dict[str, Any], path: Path) -> None:
    """A premium button (style 6) carries a ``sku_id`` and none of label, emoji, url or
    custom_id: Discord draws it from the SKU itself."""
    sku_id = button.get("sku_id")
    if sku_id is None:
        errors.add((*path, "sku_id"), "BASE_TYPE_REQUIRED", "This field is required")
    elif not str(sku_id).isdigit():
        errors.add((*path, "sku_id"), "NUMBER_TYPE_COERCE", f'Value "{sku_id}" is not snowflake.')
    for name in ("label", "emoji", "url", "custom_id"):
        if button.get(name) is not None:
            errors.add((*path, name), NOT_ALLOWED, f"A premium button cannot have a {name}.")


def _row(errors: FormErrors, children: list[dict[str, Any]], path: Path) -> None:
    errors.between(path, children, 1, ROW_WIDTH)
    if len(children) > 1:
        for j, child in enumerate(children):
            if child.get("type") in SELECTS:
                errors.add(
                    (*path, j),
                    "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
                    "The specified component exceeds the maximum width",
                )


def _custom_id(errors: FormErrors, component: dict[str, Any], path: Path, seen: set[str]) -> None:
    custom_id = component.get("custom_id")
    errors.between((*path, "custom_id"), custom_id, 1, CUSTOM_ID)
    if custom_id in seen:
        errors.add(
            (*path, "custom_id"),
            "COMPONENT_CUSTOM_ID_DUPLICATED",
            "Component custom id cannot be duplicated",
        )
    if custom_id is not None:
        seen.add(custom_id)


def _select(errors: FormErrors, select: dict[str, Any], path: Path) -> None:
    errors.at_most((*path, "placeholder"), select.get("placeholder"), PLACEHOLDER)
    if select.get("type") != STRING_SELECT:
        return
    options = select.get("options") or []
    errors.between((*path, "options"), options, 1, SELECT_OPTIONS)
    for k, option in enumerate(options):
        at = (*path, "options", k)
        errors.between((*at, "label"), option.get("label"), 1, OPTION_TEXT)
        errors.between((*at, "value"), option.get("value"), 1, OPTION_TEXT)
        errors.at_most((*at, "description"), option.get("description"), OPTION_TEXT)
