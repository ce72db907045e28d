"""Credit packs: which of the application's SKUs sells how many credits.

``UPSCALE_CREDITS__PACKS`` is a JSON object mapping SKU ids (as the Developer Portal shows
them) to credit amounts, for example ``{"1234567890": 100, "1234567891": 500}``. The value is
parsed here rather than by pydantic-settings, so that a typo in the JSON is reported like every
other bad setting: naming the variable and the value it held.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from pydantic import BeforeValidator
from pydantic_settings import NoDecode

MAX_SNOWFLAKE = 2**64 - 1
MAX_PACK_CREDITS = 1_000_000


def parse_packs(value: Any) -> dict[int, int]:
    """``{sku_id: credits}`` from a JSON object (text) or a mapping.

    Raises:
        ValueError: the text is not a JSON object, a key is not a snowflake id (digits, at
            most 2**64 - 1), or an amount is not a whole number from 1 to 1,000,000; the
            message names the entry.
    """
    if value is None or value == "":
        return {}
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as exc:
            raise ValueError(
                f'must be a JSON object of SKU ids to credits, like {{"1234567890": 100}} ({exc.msg})'
            ) from None
    if not isinstance(value, dict):
        raise ValueError('must be a JSON object of SKU ids to credits, like {"1234567890": 100}')
    packs: dict[int, int] = {}
    for key, amount in value.items():
        text = str(key)
        if not text.isascii() or not text.isdigit() or not 0 < int(text) <= MAX_SNOWFLAKE:
            raise ValueError(f"SKU id {key!r} is not a snowflake id (the digits of the SKU's id)")
        sku_id = int(text)
        if sku_id in packs:
            raise ValueError(f"SKU id {key!r} is listed twice")
        # bool is an int to Python, and 100.0 would be a float: only true whole numbers.
        if type(amount) is not int or not 1 <= amount <= MAX_PACK_CREDITS:
            raise ValueError(
                f"SKU {key}: {amount!r} credits is not a whole number from 1 to {MAX_PACK_CREDITS:,}"
            )
        packs[sku_id] = amount
    return packs


Packs = Annotated[dict[int, int], NoDecode, BeforeValidator(parse_packs)]
