"""A confirmation's choices, without Discord: the mode a choice names, the scale a draft starts
at, what Again offers, and the factor select's values (a crafted value is refused)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.jobs.drafting import (
    UnknownFactor,
    again_offer,
    choice_for,
    choice_named,
    factor_value,
    parse_factor_value,
    starting_scale,
)
from bot.jobs.modes import GENERATIVE_MODELS, Terms
from config import Mode
from storage.job_rows import Job, JobRequest, JobResult, JobState, SourceImage

FAST = Terms(Mode.FAST, price=3, max_input_pixels=10**6, scales=(2, 3, 4))


def test_a_generative_mode_runs_its_fixed_model_and_anything_else_is_a_fast_model():
    assert choice_named("creative").model == GENERATIVE_MODELS[Mode.CREATIVE]
    assert choice_named("detail").mode is Mode.DETAIL
    assert choice_named("span-x2") == choice_for(Mode.FAST, "span-x2")
    assert choice_named("span-x2").mode is Mode.FAST


def test_a_draft_starts_at_the_asked_scale_else_the_models_own_else_the_largest():
    assert starting_scale(FAST, 3, "x4plus", None) == 3
    assert starting_scale(FAST, None, "general-x4", None) == 4
    assert starting_scale(FAST, 8, "x2plus", None) == 2
    only_four = replace(FAST, scales=(4,))
    assert starting_scale(only_four, None, "x2plus", None) == 4


def _job(controls: dict[str, str | int], seed: int | None) -> Job:
    request = JobRequest(
        request_key="k",
        guild_id=1,
        channel_id=2,
        message_id=3,
        attachment_slot=0,
        requester_id=4,
        source=SourceImage(5, "https://cdn.example/a.png", "a.png", 100),
        mode=Mode.DETAIL,
        model=GENERATIVE_MODELS[Mode.DETAIL],
        scale=2,
        controls=controls,
    )
    result = JobResult(
        sha256="b" * 64,
        width=64,
        height=48,
        bytes=10,
        upload_sha256="u" * 64,
        upload_format="png",
        upload_filename="a.png",
        input_width=32,
        input_height=24,
        device="cpu",
        precision="fp32",
        seed=seed,
    )
    return Job(
        id=1,
        request=request,
        price=3,
        hold_id=None,
        state=JobState.DELIVERED,
        progress=1.0,
        attempts=1,
        error_code=None,
        error_message=None,
        created_at="",
        updated_at="",
        started_at=None,
        finished_at=None,
        source_sha256=None,
        result=result,
    )


def test_again_offers_the_same_input_mode_and_controls_with_the_seed_or_a_new_one():
    earlier = _job({"preset": "balanced", "scale": 2, "seed": 1}, seed=77)
    same = again_offer(earlier, new_seed=False)
    assert (same.choice.mode, same.scale, same.input_size) == (Mode.DETAIL, 2, (32, 24))
    assert same.controls == {"preset": "balanced", "seed": 77}
    assert again_offer(earlier, new_seed=True).controls == {"preset": "balanced"}


@pytest.mark.parametrize(("mode", "scale"), [(Mode.FAST, 2), (Mode.FAST, 4), (Mode.DETAIL, 2)])
def test_factor_values_read_back_as_what_they_name(mode: Mode, scale: int):
    assert parse_factor_value(factor_value(mode, scale)) == (mode, scale)
    assert parse_factor_value(factor_value(Mode.CREATIVE, 4)) == (Mode.CREATIVE, None)


@pytest.mark.parametrize("value", ["", "x4", "detail-", "²", "99999999999", "detail-abc"])
def test_a_crafted_factor_value_is_refused_with_a_sentence(value: str):
    with pytest.raises(UnknownFactor, match="is not an upscale factor"):
        parse_factor_value(value)
