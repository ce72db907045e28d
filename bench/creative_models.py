"""Models for the generative benchmark, saved to a folder like downloads.

On the CPU: the tiny random pipelines of the tests. On CUDA: the real architectures (the
Stable Diffusion x4 upscaler, SD 1.5 and SDXL: their UNet, VAE and text encoder configurations)
with random weights, in fp16, since speed does not depend on the weights' values. The
tokenizer is the tests' small one; the text encoders keep their real vocabulary size.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch

from testbed import tiny_diffusion


def save_models(root: Path, real: bool) -> dict[str, Path]:
    """x4, sd15 and sdxl pipelines under ``root``; real architectures if ``real``."""
    if not real:
        return {
            "x4": tiny_diffusion.save_tiny_pipeline(root / "x4"),
            "sd15": tiny_diffusion.save_tiny_sd15(root / "sd15"),
            "sdxl": tiny_diffusion.save_tiny_sdxl(root / "sdxl"),
        }
    saved = {}
    for name, build in (("x4", _real_x4), ("sd15", _real_sd15), ("sdxl", _real_sdxl)):
        with torch.device("cuda"):  # random initialisation is slow on the CPU
            pipeline = build()
        saved[name] = _save(pipeline.to(torch.float16), root / name)
    return saved


def _save(pipeline: Any, folder: Path) -> Path:
    pipeline.save_pretrained(str(folder))
    del pipeline
    torch.cuda.empty_cache()
    return folder


def _clip(hidden: int, layers: int, heads: int, projection: bool = False) -> Any:
    from transformers import CLIPTextConfig, CLIPTextModel, CLIPTextModelWithProjection

    config = CLIPTextConfig(
        hidden_size=hidden,
        intermediate_size=hidden * 4,
        num_hidden_layers=layers,
        num_attention_heads=heads,
        projection_dim=hidden,
        vocab_size=49408,
        max_position_embeddings=77,
        hidden_act="gelu",
    )
    return CLIPTextModelWithProjection(config) if projection else CLIPTextModel(config)


def _vae(channels: list[int], scaling: float) -> Any:
    from diffusers import AutoencoderKL

    return AutoencoderKL(
        block_out_channels=channels,
        down_block_types=["DownEncoderBlock2D"] * len(channels),
        up_block_types=["UpDecoderBlock2D"] * len(channels),
        latent_channels=4,
        layers_per_block=2,
        norm_num_groups=32,
        scaling_factor=scaling,
    )


def _real_x4() -> Any:
    from diffusers import (
        DDIMScheduler,
        DDPMScheduler,
        StableDiffusionUpscalePipeline,
        UNet2DConditionModel,
    )

    unet = UNet2DConditionModel(
        sample_size=128,
        in_channels=7,
        out_channels=4,
        block_out_channels=(256, 512, 512, 1024),
        layers_per_block=2,
        down_block_types=(
            "DownBlock2D",
            "CrossAttnDownBlock2D",
            "CrossAttnDownBlock2D",
            "CrossAttnDownBlock2D",
        ),
        up_block_types=(
            "CrossAttnUpBlock2D",
            "CrossAttnUpBlock2D",
            "CrossAttnUpBlock2D",
            "UpBlock2D",
        ),
        only_cross_attention=(True, True, True, False),
        cross_attention_dim=1024,
        attention_head_dim=8,
        use_linear_projection=True,
        num_class_embeds=1000,
    )
    return StableDiffusionUpscalePipeline(
        vae=_vae([128, 256, 512], 0.08333),
        text_encoder=_clip(1024, 23, 16),
        tokenizer=tiny_diffusion.tiny_tokenizer(),
        unet=unet,
        low_res_scheduler=DDPMScheduler(),
        scheduler=DDIMScheduler(prediction_type="v_prediction", clip_sample=False),
        max_noise_level=350,
    )


def _real_sd15() -> Any:
    from diffusers import PNDMScheduler, StableDiffusionImg2ImgPipeline, UNet2DConditionModel

    unet = UNet2DConditionModel(
        sample_size=64,
        block_out_channels=(320, 640, 1280, 1280),
        layers_per_block=2,
        cross_attention_dim=768,
        attention_head_dim=8,
    )
    return StableDiffusionImg2ImgPipeline(
        vae=_vae([128, 256, 512, 512], 0.18215),
        text_encoder=_clip(768, 12, 12),
        tokenizer=tiny_diffusion.tiny_tokenizer(),
        unet=unet,
        scheduler=PNDMScheduler(
            beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear", steps_offset=1
        ),
        safety_checker=None,
        feature_extractor=None,
        requires_safety_checker=False,
    )


def _real_sdxl() -> Any:
    from diffusers import (
        EulerDiscreteScheduler,
        StableDiffusionXLImg2ImgPipeline,
        UNet2DConditionModel,
    )

    unet = UNet2DConditionModel(
        sample_size=128,
        block_out_channels=(320, 640, 1280),
        layers_per_block=2,
        down_block_types=("DownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "UpBlock2D"),
        transformer_layers_per_block=(1, 2, 10),
        attention_head_dim=(5, 10, 20),
        cross_attention_dim=2048,
        use_linear_projection=True,
        addition_embed_type="text_time",
        addition_time_embed_dim=256,
        projection_class_embeddings_input_dim=2816,
    )
    return StableDiffusionXLImg2ImgPipeline(
        vae=_vae([128, 256, 512, 512], 0.13025),
        text_encoder=_clip(768, 12, 12),
        text_encoder_2=_clip(1280, 32, 20, projection=True),
        tokenizer=tiny_diffusion.tiny_tokenizer(),
        tokenizer_2=tiny_diffusion.tiny_tokenizer(),
        unet=unet,
        scheduler=EulerDiscreteScheduler(
            beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear", steps_offset=1
        ),
        requires_aesthetics_score=False,
    )
