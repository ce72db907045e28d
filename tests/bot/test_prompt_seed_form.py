"""The **Prompt & seed...** form's seed and strength: what is not a whole number in range is
refused with a sentence that names it, never as an internal error."""

from __future__ import annotations

import pytest

from bot.features.upscale.creative_controls import BadControl, controls_from_form
from config import Mode
from engine.creative.controls import MAX_SEED
from storage.drafts import UpscaleDraft

DRAFT = UpscaleDraft(
    guild_id=1,
    member_id=2,
    message_id=3,
    attachment_slot=0,
    mode=Mode.DETAIL,
    model="detail",
    scale=2,
    price=5,
)


def test_a_seed_in_range_is_kept():
    changed = controls_from_form(DRAFT, {"prompt": "a castle", "seed": " 42 "})
    assert changed.controls["seed"] == 42
    assert changed.prompt_source == "member"


@pytest.mark.parametrize("seed", ["²", "٣", "-1", "1e3", "4.5", str(MAX_SEED + 1), str(2**70)])
def test_a_seed_that_is_not_a_whole_number_in_range_is_named(seed: str):
    with pytest.raises(BadControl, match="The seed must be a whole number from 0 to") as refused:
        controls_from_form(DRAFT, {"seed": seed})
    assert seed[:20] in str(refused.value)


@pytest.mark.parametrize("strength", ["0", "10", "³", "five"])
def test_a_strength_out_of_range_is_named(strength: str):
    with pytest.raises(BadControl, match="Strength must be a whole number from 1 to 9"):
        controls_from_form(DRAFT, {"strength": strength})
