"""One set of controls for both generative engines: presets, the strength dial, overrides."""

from __future__ import annotations

import itertools

import pytest

from engine.creative.controls import (
    PRESETS,
    Controls,
    CreativeOptions,
    controls_for_strength,
    img2img_steps,
    x4_noise_level,
)


def test_presets_go_from_faithful_to_inventive():
    subtle, balanced, creative = PRESETS["subtle"], PRESETS["balanced"], PRESETS["creative"]
    assert subtle.creativity < balanced.creativity < creative.creativity
    assert subtle.resemblance > balanced.resemblance > creative.resemblance
    assert all(p.tile is None for p in PRESETS.values())  # the model's native tile


def test_the_former_preset_names_still_work():
    assert CreativeOptions(preset="precise").controls() == PRESETS["subtle"]
    assert CreativeOptions(preset="creative").controls() == PRESETS["creative"]
    with pytest.raises(
        ValueError, match="preset must be one of subtle, balanced, creative, precise"
    ):
        CreativeOptions(preset="wild").controls()


def test_strength_walks_the_preset_line():
    assert controls_for_strength(1) == PRESETS["subtle"]
    assert controls_for_strength(5) == PRESETS["balanced"]
    assert controls_for_strength(9) == PRESETS["creative"]
    dial = [controls_for_strength(s) for s in range(1, 10)]
    assert all(a.creativity < b.creativity for a, b in itertools.pairwise(dial))
    assert all(a.resemblance > b.resemblance for a, b in itertools.pairwise(dial))
    assert CreativeOptions(preset="subtle", strength=9).controls() == PRESETS["creative"]
    for bad in (0, 10, True):
        with pytest.raises(ValueError, match="strength must be 1-9"):
            controls_for_strength(bad)


def test_set_controls_override_the_preset():
    options = CreativeOptions(preset="balanced", creativity=0.9, tile=768, steps=3, guidance=1)
    assert options.controls() == Controls(
        creativity=0.9, resemblance=PRESETS["balanced"].resemblance, steps=3, guidance=1, tile=768
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (CreativeOptions(creativity=1.5), "creativity must be between 0 and 1"),
        (CreativeOptions(resemblance=-0.1), "resemblance must be between 0 and 1"),
        (CreativeOptions(tile=64), "tile must be between 128 and 4096"),
        (CreativeOptions(steps=0), "steps must be between 1 and 100"),
        (CreativeOptions(guidance=31), "guidance must be between 0 and 30"),
        (CreativeOptions(seed=-1), "seed must be between"),
        (CreativeOptions(scale=8), "scale must be between 2 and 4"),
        (CreativeOptions(prompt="x" * 1001), "prompt must be text of at most 1000"),
        (CreativeOptions(creativity=float("nan")), "creativity must be between"),
    ],
)
def test_out_of_range_controls_are_refused_by_name(options: CreativeOptions, message: str):
    with pytest.raises(ValueError, match=message):
        options.checked()


def test_options_travel_with_a_job_and_come_back_checked():
    options = CreativeOptions(preset="subtle", creativity=0.3, prompt="a cat", seed=7, scale=3)
    job = options.to_job()
    assert job == {
        "preset": "subtle",
        "creativity": 0.3,
        "prompt": "a cat",
        "negative_prompt": "",
        "seed": 7,
        "scale": 3,
    }
    assert CreativeOptions.from_job(job) == options
    assert CreativeOptions.from_job({"preset": "precise", "strength": "4"}).strength == 4
    with pytest.raises(ValueError, match="steps has an unusable value"):
        CreativeOptions.from_job({"steps": "many"})
    with pytest.raises(ValueError, match="tile must be between"):
        CreativeOptions.from_job({"tile": 10**6})


def test_engine_parameters_follow_creativity():
    assert [x4_noise_level(PRESETS[p].creativity) for p in PRESETS] == [22, 56, 126]
    assert x4_noise_level(1.0) == 350 and x4_noise_level(0.0) == 0
    assert img2img_steps(24, 0.4) == 10 and img2img_steps(20, 0.0) == 1
    assert img2img_steps(30, 1.0) == 30
