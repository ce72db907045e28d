"""The creative mode with a tiny, randomly initialised x4 upscale pipeline (runs on CPU fast).

The pipeline is saved to a folder and loaded back through the product's normal loading code.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

from config import EngineSettings, load_settings
from engine.decode import decode
from engine.errors import ImageTooLarge
from engine.generative import (
    PRESETS,
    GenerativeModelMissing,
    GenerativeOptions,
    GenerativeUpscaler,
    preset_for_strength,
)
from tests.images import encoded, photo


def _tokenizer(folder: Path) -> object:
    from transformers import CLIPTokenizer

    vocab = {"<|startoftext|>": 0, "<|endoftext|>": 1, "!": 2}
    for word in ("a", "cat", "sharp", "photo", "of"):
        vocab.setdefault(f"{word}</w>", len(vocab))
    for letter in "abcdefghijklmnopqrstuvwxyz":
        vocab.setdefault(letter, len(vocab))
        vocab.setdefault(f"{letter}</w>", len(vocab))
    (folder / "vocab.json").write_text(json.dumps(vocab))
    (folder / "merges.txt").write_text("#version: 0.2\n")
    return CLIPTokenizer(
        str(folder / "vocab.json"), str(folder / "merges.txt"), model_max_length=77
    )


@pytest.fixture(scope="session")
def tiny_pipeline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small UNet, VAE and CLIP text encoder with random weights, saved like a real model."""
    from diffusers import (
        AutoencoderKL,
        DDIMScheduler,
        DDPMScheduler,
        StableDiffusionUpscalePipeline,
        UNet2DConditionModel,
    )
    from transformers import CLIPTextConfig, CLIPTextModel

    folder = tmp_path_factory.mktemp("sd-x4-tiny")
    torch.manual_seed(0)
    unet = UNet2DConditionModel(
        block_out_channels=(32, 32, 64),
        layers_per_block=2,
        sample_size=32,
        in_channels=7,
        out_channels=4,
        down_block_types=("DownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "UpBlock2D"),
        cross_attention_dim=32,
        attention_head_dim=8,
        use_linear_projection=True,
        only_cross_attention=(True, True, False),
        num_class_embeds=351,
    )
    vae = AutoencoderKL(
        block_out_channels=[32, 32, 64],
        in_channels=3,
        out_channels=3,
        down_block_types=["DownEncoderBlock2D"] * 3,
        up_block_types=["UpDecoderBlock2D"] * 3,
        latent_channels=4,
        scaling_factor=0.08333,
    )
    text_encoder = CLIPTextModel(
        CLIPTextConfig(
            bos_token_id=0,
            eos_token_id=1,
            hidden_size=32,
            intermediate_size=37,
            num_attention_heads=4,
            num_hidden_layers=2,
            pad_token_id=1,
            vocab_size=100,
            projection_dim=32,
        )
    )
    pipeline = StableDiffusionUpscalePipeline(
        vae=vae,
        text_encoder=text_encoder,
        tokenizer=_tokenizer(folder),
        unet=unet,
        low_res_scheduler=DDPMScheduler(),
        scheduler=DDIMScheduler(prediction_type="v_prediction"),
        max_noise_level=350,
    )
    pipeline.save_pretrained(str(folder))
    return folder


@pytest.fixture
def settings(tiny_pipeline: Path) -> EngineSettings:
    return load_settings(engine={"generative_model": str(tiny_pipeline), "device": "cpu"}).engine


def _image(size: int = 16) -> object:
    return decode(encoded(photo(size, size)), max_pixels=10**6, max_bytes=10**7)


FAST = GenerativeOptions(strength=5, prompt="a sharp photo of a cat", seed=7)


def test_output_is_four_times_the_input(settings: EngineSettings):
    """16x16 in, 64x64 out, with real (not constant) pixels, and the seed recorded."""
    result = GenerativeUpscaler(settings).upscale(_image(), FAST)  # type: ignore[arg-type]
    assert result.image.rgb.shape == (64, 64, 3)
    assert result.seed == 7
    assert len(np.unique(result.image.rgb.reshape(-1, 3), axis=0)) > 100


def test_same_seed_same_pixels_and_another_seed_differs(settings: EngineSettings):
    """A recorded seed reproduces the image exactly."""
    engine = GenerativeUpscaler(settings)
    first = engine.upscale(_image(), FAST)  # type: ignore[arg-type]
    again = engine.upscale(_image(), FAST)  # type: ignore[arg-type]
    other = engine.upscale(_image(), GenerativeOptions(strength=5, prompt=FAST.prompt, seed=8))  # type: ignore[arg-type]
    assert np.array_equal(first.image.rgb, again.image.rgb)
    assert not np.array_equal(first.image.rgb, other.image.rgb)


def test_presets_set_the_documented_parameters(
    settings: EngineSettings, monkeypatch: pytest.MonkeyPatch
):
    """Each preset reaches the pipeline with its noise level, guidance and steps."""
    engine = GenerativeUpscaler(settings)
    pipeline = engine.pipeline()
    seen: list[dict[str, object]] = []
    real_call = type(pipeline).__call__

    def recording(self: object, *args: object, **kwargs: object) -> object:
        seen.append(kwargs)
        return real_call(self, *args, **kwargs)

    monkeypatch.setattr(type(pipeline), "__call__", recording)
    for name in ("balanced", "creative"):
        engine.upscale(_image(8), GenerativeOptions(preset=name, seed=1))  # type: ignore[arg-type]
    assert [(k["noise_level"], k["guidance_scale"], k["num_inference_steps"]) for k in seen] == [
        (40, 7.0, 30),
        (120, 9.0, 50),
    ]
    assert (PRESETS["precise"].noise_level, PRESETS["precise"].prepass) == (10, "x4plus")
    assert preset_for_strength(1).noise_level < preset_for_strength(9).noise_level
    with pytest.raises(ValueError, match="strength must be 1-9"):
        preset_for_strength(10)


def test_progress_arrives_once_per_step(settings: EngineSettings):
    """The meter moves once per denoising step."""
    steps: list[tuple[int, int]] = []
    GenerativeUpscaler(settings).upscale(
        _image(8),
        GenerativeOptions(strength=1, seed=3),
        progress=lambda d, t: steps.append((d, t)),  # type: ignore[arg-type]
    )
    total = preset_for_strength(1).steps
    assert steps == [(i, total) for i in range(1, total + 1)]


def test_a_missing_model_names_the_setting():
    """Without weights the error says which setting to set."""
    engine = GenerativeUpscaler(load_settings(engine={"device": "cpu"}).engine)
    with pytest.raises(GenerativeModelMissing, match="UPSCALE_ENGINE__GENERATIVE_MODEL"):
        engine.upscale(_image(), FAST)  # type: ignore[arg-type]
    broken = GenerativeUpscaler(
        load_settings(engine={"device": "cpu", "generative_model": "/nonexistent/x4"}).engine
    )
    with pytest.raises(GenerativeModelMissing, match="could not load"):
        broken.pipeline()


def test_over_the_creative_limit_is_refused_before_running(settings: EngineSettings):
    """The creative mode's own pixel limit applies before anything is loaded or run."""
    small = settings.model_copy(
        update={"generative_max_input_pixels": 100, "generative_model": None}
    )
    with pytest.raises(ImageTooLarge, match="the limit is 100 pixels"):
        GenerativeUpscaler(small).upscale(_image(16), FAST)  # type: ignore[arg-type]
