"""Tiny, randomly initialised diffusion models for fast CPU tests, saved like downloads.

- :func:`save_tiny_pipeline`: a Stable Diffusion x4 upscaler (the ``creative`` engine).
- :func:`save_tiny_sd15` / :func:`save_tiny_sdxl`: SD 1.5 and SDXL img2img pipelines as
  diffusers folders (the ``detail`` engine).
- :func:`save_tiny_sd15_single_file`: the SD 1.5 pipeline as one ``.safetensors`` file in
  the original (LDM) layout that checkpoints are shared in, plus a folder holding only its
  configuration (no weights).
- :func:`save_tiny_controlnet`: a ControlNet for the tiny SD 1.5 UNet, as a diffusers folder
  and as a lone ``.safetensors`` file with its ``config.json`` beside it.

Every model is small enough that a 1024x1024 image runs through an engine in seconds; the
layers keep the real models' structure (attention, class and time conditioning, two text
encoders for SDXL) so the product's code paths are the real ones.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import torch


def tiny_tokenizer() -> Any:
    import tempfile

    from transformers import CLIPTokenizer

    vocab = {"<|startoftext|>": 0, "<|endoftext|>": 1, "!": 2}
    for word in ("a", "cat", "sharp", "photo", "of"):
        vocab.setdefault(f"{word}</w>", len(vocab))
    for letter in "abcdefghijklmnopqrstuvwxyz":
        vocab.setdefault(letter, len(vocab))
        vocab.setdefault(f"{letter}</w>", len(vocab))
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        (folder / "vocab.json").write_text(json.dumps(vocab))
        (folder / "merges.txt").write_text("#version: 0.2\n")
        return CLIPTokenizer(
            str(folder / "vocab.json"), str(folder / "merges.txt"), model_max_length=77
        )


def _text_encoder(projection: bool = False) -> Any:
    from transformers import CLIPTextConfig, CLIPTextModel, CLIPTextModelWithProjection

    config = CLIPTextConfig(
        bos_token_id=0,
        eos_token_id=1,
        hidden_size=16,
        intermediate_size=32,
        num_attention_heads=2,
        num_hidden_layers=2,
        pad_token_id=1,
        vocab_size=100,
        projection_dim=16,
    )
    return CLIPTextModelWithProjection(config) if projection else CLIPTextModel(config)


def _vae(blocks: int, scaling_factor: float, attention: bool = True) -> Any:
    from diffusers import AutoencoderKL

    return AutoencoderKL(
        block_out_channels=[2, 4, 4, 4][:blocks],
        mid_block_add_attention=attention,
        in_channels=3,
        out_channels=3,
        down_block_types=["DownEncoderBlock2D"] * blocks,
        up_block_types=["UpDecoderBlock2D"] * blocks,
        latent_channels=4,
        layers_per_block=1,
        norm_num_groups=2,
        sample_size=64,
        scaling_factor=scaling_factor,
    )


def _unet(**config: Any) -> Any:
    from diffusers import UNet2DConditionModel

    base: dict[str, Any] = {
        "block_out_channels": (4, 8),
        "layers_per_block": 1,
        "norm_num_groups": 2,
        "sample_size": 32,
        "out_channels": 4,
        "attention_head_dim": 2,
        "use_linear_projection": True,
    }
    return UNet2DConditionModel(**{**base, **config})


def save_tiny_pipeline(folder: Path) -> Path:
    """The x4 upscaler: a UNet on 4 latent + 3 image channels with noise-level classes."""
    from diffusers import DDIMScheduler, DDPMScheduler, StableDiffusionUpscalePipeline

    torch.manual_seed(0)
    pipeline = StableDiffusionUpscalePipeline(
        vae=_vae(3, 0.08333, attention=False),
        text_encoder=_text_encoder(),
        tokenizer=tiny_tokenizer(),
        unet=_unet(
            in_channels=7,
            block_out_channels=(2, 4, 4),
            # The prompt and noise level condition it in the middle block only (the real
            # model also attends in its outer blocks); that keeps a 1024x1024 run fast.
            down_block_types=("DownBlock2D", "DownBlock2D", "DownBlock2D"),
            up_block_types=("UpBlock2D", "UpBlock2D", "UpBlock2D"),
            cross_attention_dim=16,
            attention_head_dim=2,
            only_cross_attention=True,
            num_class_embeds=351,
        ),
        low_res_scheduler=DDPMScheduler(),
        scheduler=DDIMScheduler(prediction_type="v_prediction"),
        max_noise_level=350,
    )
    pipeline.save_pretrained(str(folder))
    return folder


def _sd15() -> Any:
    from diffusers import PNDMScheduler, StableDiffusionImg2ImgPipeline

    torch.manual_seed(1)
    return StableDiffusionImg2ImgPipeline(
        vae=_vae(4, 0.18215),
        text_encoder=_text_encoder(),
        tokenizer=tiny_tokenizer(),
        unet=_unet(
            in_channels=4,
            down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
            up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"),
            cross_attention_dim=16,
        ),
        scheduler=PNDMScheduler(
            beta_start=0.00085,
            beta_end=0.012,
            beta_schedule="scaled_linear",
            skip_prk_steps=True,
            steps_offset=1,
        ),
        safety_checker=None,
        feature_extractor=None,
        requires_safety_checker=False,
    )


def save_tiny_sd15(folder: Path) -> Path:
    """An SD 1.5 img2img pipeline as a diffusers folder."""
    _sd15().save_pretrained(str(folder))
    return folder


def save_tiny_sd15_single_file(folder: Path) -> tuple[Path, Path]:
    """The SD 1.5 pipeline as ``folder/tiny-sd15.safetensors`` (original layout) and
    ``folder/config`` (configuration only, no weights). Returns (file, config folder)."""
    from safetensors.torch import save_file

    pipeline = _sd15()
    config = folder / "config"
    pipeline.save_pretrained(str(config))
    for weights in [*config.rglob("*.safetensors"), *config.rglob("*.bin")]:
        weights.unlink()
    state: dict[str, torch.Tensor] = {}
    unet = pipeline.unet
    for key, value in unet.state_dict().items():
        state["model.diffusion_model." + _ldm_unet_key(key, unet)] = value
    vae_blocks = len(pipeline.vae.config.block_out_channels)
    for key, value in pipeline.vae.state_dict().items():
        ldm = _ldm_vae_key(key, vae_blocks)
        if re.search(r"mid\.attn_1\.(q|k|v|proj_out)\.weight$", ldm) and value.ndim == 2:
            value = value[:, :, None, None]  # the original layout has 1x1 convolutions here
        state["first_stage_model." + ldm] = value
    for key, value in pipeline.text_encoder.state_dict().items():
        # Checkpoints name CLIP's parameters as transformers 4 did: text_model.<name>.
        name = key if key.startswith("text_model.") else f"text_model.{key}"
        state["cond_stage_model.transformer." + name] = value
    file = folder / "tiny-sd15.safetensors"
    save_file({k: v.contiguous() for k, v in state.items()}, str(file))
    return file, config


def save_tiny_sdxl(folder: Path) -> Path:
    """An SDXL img2img pipeline (two text encoders, pooled and size conditioning)."""
    from diffusers import EulerDiscreteScheduler, StableDiffusionXLImg2ImgPipeline

    torch.manual_seed(2)
    unet = _unet(
        in_channels=4,
        down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"),
        cross_attention_dim=32,
        addition_embed_type="text_time",
        addition_time_embed_dim=8,
        projection_class_embeddings_input_dim=6 * 8 + 16,
    )
    pipeline = StableDiffusionXLImg2ImgPipeline(
        vae=_vae(4, 0.13025),
        text_encoder=_text_encoder(),
        text_encoder_2=_text_encoder(projection=True),
        tokenizer=tiny_tokenizer(),
        tokenizer_2=tiny_tokenizer(),
        unet=unet,
        scheduler=EulerDiscreteScheduler(
            beta_start=0.00085,
            beta_end=0.012,
            beta_schedule="scaled_linear",
            steps_offset=1,
            timestep_spacing="leading",
        ),
        requires_aesthetics_score=False,
        force_zeros_for_empty_prompt=True,
    )
    pipeline.save_pretrained(str(folder))
    return folder


def save_tiny_controlnet(folder: Path, sd15: Path) -> tuple[Path, Path]:
    """A ControlNet for the tiny SD 1.5 UNet at ``sd15``, with random (not zero) output
    convolutions so it visibly steers. Returns (diffusers folder, lone .safetensors file)."""
    from diffusers import ControlNetModel, UNet2DConditionModel
    from safetensors.torch import save_file

    unet = UNet2DConditionModel.from_pretrained(str(sd15), subfolder="unet")
    controlnet = ControlNetModel.from_unet(unet, conditioning_embedding_out_channels=(4, 8, 8, 16))
    torch.manual_seed(3)
    with torch.no_grad():
        for block in [*controlnet.controlnet_down_blocks, controlnet.controlnet_mid_block]:
            block.weight.normal_(0, 0.5)
        controlnet.controlnet_cond_embedding.conv_out.weight.normal_(0, 0.5)
    directory = folder / "diffusers"
    controlnet.save_pretrained(str(directory))
    lone = folder / "single"
    lone.mkdir(parents=True, exist_ok=True)
    controlnet.save_config(str(lone))
    file = lone / "tiny-controlnet-tile.safetensors"
    save_file({k: v.contiguous() for k, v in controlnet.state_dict().items()}, str(file))
    return directory, file


_RESNET = {
    "norm1": "in_layers.0",
    "conv1": "in_layers.2",
    "norm2": "out_layers.0",
    "conv2": "out_layers.3",
    "time_emb_proj": "emb_layers.1",
    "conv_shortcut": "skip_connection",
}
_UNET_FIXED = {
    "time_embedding.linear_1": "time_embed.0",
    "time_embedding.linear_2": "time_embed.2",
    "conv_in": "input_blocks.0.0",
    "conv_norm_out": "out.0",
    "conv_out": "out.2",
}


def _ldm_unet_key(key: str, unet: Any) -> str:
    """A diffusers UNet parameter name in the original Stable Diffusion layout."""
    layers = unet.config.layers_per_block
    head, _, tail = key.rpartition(".")  # tail: weight / bias
    for diffusers, ldm in _UNET_FIXED.items():
        if head == diffusers:
            return f"{ldm}.{tail}"
    match = re.match(
        r"(down|up)_blocks\.(\d+)\.(resnets|attentions|downsamplers|upsamplers)\.(\d+)\.(.*)", key
    )
    if match:
        side, block, part, index, rest = match.groups()
        b, i = int(block), int(index)
        if side == "down":
            position = 1 + b * (layers + 1) + (layers if part == "downsamplers" else i)
            if part == "downsamplers":
                return f"input_blocks.{position}.0.op.{rest.removeprefix('conv.')}"
            slot = 0 if part == "resnets" else 1
            return f"input_blocks.{position}.{slot}.{_resnet(rest) if slot == 0 else rest}"
        position = b * (layers + 1) + (layers if part == "upsamplers" else i)
        if part == "upsamplers":
            has_attention = len(getattr(unet.up_blocks[b], "attentions", [])) > 0
            return f"output_blocks.{position}.{2 if has_attention else 1}.{rest}"
        slot = 0 if part == "resnets" else 1
        return f"output_blocks.{position}.{slot}.{_resnet(rest) if slot == 0 else rest}"
    match = re.match(r"mid_block\.(resnets|attentions)\.(\d+)\.(.*)", key)
    if match:
        part, index, rest = match.groups()
        if part == "attentions":
            return f"middle_block.1.{rest}"
        return f"middle_block.{0 if index == '0' else 2}.{_resnet(rest)}"
    raise KeyError(key)


def _resnet(rest: str) -> str:
    name, _, tail = rest.partition(".")
    return f"{_RESNET.get(name, name)}.{tail}"


def _ldm_vae_key(key: str, blocks: int) -> str:
    """A diffusers VAE parameter name in the original layout."""
    key = key.replace("conv_norm_out", "norm_out").replace("conv_shortcut", "nin_shortcut")
    key = re.sub(r"encoder\.down_blocks\.(\d+)\.resnets\.", r"encoder.down.\1.block.", key)
    key = re.sub(
        r"encoder\.down_blocks\.(\d+)\.downsamplers\.0\.", r"encoder.down.\1.downsample.", key
    )
    key = re.sub(
        r"decoder\.up_blocks\.(\d+)\.(resnets|upsamplers)\.",
        lambda m: (
            f"decoder.up.{blocks - 1 - int(m.group(1))}."
            + ("block." if m.group(2) == "resnets" else "upsample.")
        ),
        key,
    )
    key = re.sub(r"decoder\.up\.(\d+)\.upsample\.0\.", r"decoder.up.\1.upsample.", key)
    key = re.sub(r"mid_block\.resnets\.(\d+)\.", lambda m: f"mid.block_{int(m.group(1)) + 1}.", key)
    key = key.replace("mid_block.attentions.0.", "mid.attn_1.")
    for diffusers, ldm in (
        ("group_norm", "norm"),
        ("to_q", "q"),
        ("to_k", "k"),
        ("to_v", "v"),
        ("to_out.0", "proj_out"),
    ):
        key = key.replace(f"attn_1.{diffusers}.", f"attn_1.{ldm}.")
    return key
