"""Loading the generative models named in the settings, with one clear message per problem.

Checkpoints come as a diffusers folder, a single ``.safetensors`` file (the form people
download them in; its configuration comes from ``detail_model_config`` or, failing that, from
the Hub or its cache), or a Hub model id (diffusers honours ``HF_HUB_OFFLINE``). Pickled
``.ckpt`` files are refused: loading one can run arbitrary code.

Precision: on CUDA the UNet, text encoders and ControlNet run in the engine's precision
(bf16 or fp16); the VAE never runs in fp16, whose range the SDXL VAE overflows (NaNs), so it
stays in bf16 or is upcast to fp32. On the CPU everything is fp32 (reduced precision is
slower there, not faster).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import torch

from config import EngineSettings
from engine.errors import EngineError
from engine.networks.precision import DTYPES, PrecisionName

log = logging.getLogger(__name__)

Family = Literal["sd15", "sdxl"]

EXPECTED: dict[str, str] = {
    "generative_model": "a local folder (or model id) of the Stable Diffusion x4 upscaler",
    "detail_model": (
        "a Stable Diffusion 1.5 or SDXL checkpoint: a diffusers folder or a .safetensors file"
    ),
    "detail_family": "sd15 or sdxl",
    "detail_model_config": (
        "a diffusers folder of the checkpoint's family (model_index.json and the component "
        "configs; the weights are not needed)"
    ),
    "detail_controlnet": "a ControlNet tile model of the checkpoint's family, or nothing",
}


class CreativeModelMissing(EngineError):
    """A generative model is not configured or cannot be loaded; names the setting."""

    code = "no_generative_model"

    def __init__(self, setting: str, problem: str) -> None:
        self.setting, self.problem = setting, problem
        self.env = f"UPSCALE_ENGINE__{setting.upper()}"
        super().__init__(f"{problem} Set {self.env} to {EXPECTED[setting]}.")


@dataclass(frozen=True, slots=True)
class Precision:
    """Formats to run in: ``model`` for the UNet, text encoders, ControlNet; ``vae``."""

    name: PrecisionName
    model: torch.dtype
    vae: torch.dtype

    @classmethod
    def on(cls, device: torch.device, chosen: PrecisionName) -> Precision:
        if device.type != "cuda":
            return cls("fp32", torch.float32, torch.float32)
        vae = torch.float32 if chosen == "fp16" else DTYPES[chosen]
        return cls(chosen, DTYPES[chosen], vae)


@dataclass(slots=True)
class DetailModel:
    family: Family
    pipeline: Any  # StableDiffusion(XL)Img2ImgPipeline: its components and encode_prompt
    controlnet: Any | None


def load_x4(settings: EngineSettings, device: torch.device, precision: Precision) -> Any:
    """The Stable Diffusion x4 upscaler. Raises: CreativeModelMissing."""
    source = settings.generative_model
    if not source:
        raise CreativeModelMissing("generative_model", "The creative engine has no model.")
    _check_local("generative_model", source, files_allowed=False)
    from diffusers import StableDiffusionUpscalePipeline

    try:
        pipeline = StableDiffusionUpscalePipeline.from_pretrained(  # type: ignore[no-untyped-call]
            source, dtype=precision.model
        )
    except (OSError, ValueError) as exc:
        raise CreativeModelMissing(
            "generative_model", f"The x4 upscaler could not be loaded from {source!r} ({exc})."
        ) from exc
    return _placed(pipeline, device, precision)


def load_detail(
    settings: EngineSettings, device: torch.device, precision: Precision
) -> DetailModel:
    """The detail engine's checkpoint and optional ControlNet. Raises: CreativeModelMissing."""
    source = settings.detail_model
    if not source:
        raise CreativeModelMissing("detail_model", "The detail engine has no checkpoint.")
    is_file = _check_local("detail_model", source, files_allowed=True)
    family = _family(settings, source, is_file)
    from diffusers import StableDiffusionImg2ImgPipeline, StableDiffusionXLImg2ImgPipeline

    kind: Any = (
        StableDiffusionXLImg2ImgPipeline if family == "sdxl" else StableDiffusionImg2ImgPipeline
    )
    extra: dict[str, Any] = (
        {} if family == "sdxl" else {"safety_checker": None, "requires_safety_checker": False}
    )
    try:
        if is_file:
            config = settings.detail_model_config
            if config:
                _check_local("detail_model_config", config, files_allowed=False)
            pipeline = kind.from_single_file(source, config=config, dtype=precision.model, **extra)
        else:
            pipeline = kind.from_pretrained(source, dtype=precision.model, **extra)
    except (OSError, ValueError, KeyError, RuntimeError) as exc:
        setting = "detail_model_config" if is_file and _config_problem(exc) else "detail_model"
        raise CreativeModelMissing(
            setting, f"The detail engine could not load the {family} checkpoint {source!r} ({exc})."
        ) from exc
    pipeline = _placed(pipeline, device, precision)
    controlnet = _controlnet(settings, pipeline, family, device, precision)
    return DetailModel(family, pipeline, controlnet)


def detect_family(source: str) -> Family | None:
    """sd15 or sdxl from a folder's model_index.json or a .safetensors file's tensor names."""
    path = Path(source).expanduser()
    if path.is_dir():
        try:
            index = json.loads((path / "model_index.json").read_text())
        except (OSError, ValueError):
            return None
        name = str(index.get("_class_name", ""))
        return "sdxl" if "XL" in name or "text_encoder_2" in index else "sd15"
    if path.is_file() and path.suffix == ".safetensors":
        from safetensors import safe_open

        try:
            with safe_open(str(path), framework="pt") as checkpoint:
                names = list(checkpoint.keys())
        except (OSError, ValueError, RuntimeError):
            return None
        if any(n.startswith("conditioner.embedders.1.") for n in names):
            return "sdxl"
        if any(n.startswith(("cond_stage_model.", "model.diffusion_model.")) for n in names):
            return "sd15"
    return None


def _family(settings: EngineSettings, source: str, is_file: bool) -> Family:
    if settings.detail_family != "auto":
        return settings.detail_family
    if not is_file and not Path(source).expanduser().exists():
        return _hub_family(source)
    found = detect_family(source)
    if found is None:
        raise CreativeModelMissing(
            "detail_family", f"The family of the checkpoint {source!r} could not be told."
        )
    return found


def _hub_family(model_id: str) -> Family:
    from diffusers import DiffusionPipeline

    try:
        index = DiffusionPipeline.load_config(model_id)
    except (OSError, ValueError) as exc:
        raise CreativeModelMissing(
            "detail_model", f"The detail engine could not find {model_id!r} ({exc})."
        ) from exc
    name = str(index.get("_class_name", ""))
    return "sdxl" if "XL" in name or "text_encoder_2" in index else "sd15"


def _controlnet(
    settings: EngineSettings,
    pipeline: Any,
    family: Family,
    device: torch.device,
    precision: Precision,
) -> Any | None:
    source = settings.detail_controlnet
    if not source:
        return None
    is_file = _check_local("detail_controlnet", source, files_allowed=True)
    from diffusers import ControlNetModel

    try:
        if is_file:
            beside = Path(source).expanduser().parent
            config = str(beside) if (beside / "config.json").is_file() else None
            model = ControlNetModel.from_single_file(source, config=config, dtype=precision.model)
        else:
            model = ControlNetModel.from_pretrained(  # type: ignore[no-untyped-call]
                source, dtype=precision.model
            )
    except (OSError, ValueError, KeyError, RuntimeError) as exc:
        raise CreativeModelMissing(
            "detail_controlnet", f"The ControlNet {source!r} could not be loaded ({exc})."
        ) from exc
    if model.config.cross_attention_dim != pipeline.unet.config.cross_attention_dim:
        raise CreativeModelMissing(
            "detail_controlnet", f"The ControlNet {source!r} is not for this {family} checkpoint."
        )
    if device.type == "cuda":
        model.to(memory_format=torch.channels_last)
    return _own_memory(model.to(device).eval())


def _check_local(setting: str, source: str, *, files_allowed: bool) -> bool:
    """True for a local file, False for a folder or a model id.

    Raises: CreativeModelMissing for a path that does not exist or a file of the wrong kind.
    """
    path = Path(source).expanduser()
    looks_local = source.startswith(("/", ".", "~")) or path.suffix in {".safetensors", ".ckpt"}
    if path.is_file():
        if not files_allowed:
            raise CreativeModelMissing(setting, f"{source!r} is a file; a folder is needed.")
        if path.suffix != ".safetensors":
            raise CreativeModelMissing(
                setting,
                f"{source!r} is not a .safetensors file (pickled checkpoints can run code and "
                "are not loaded).",
            )
        return True
    if looks_local and not path.exists():
        raise CreativeModelMissing(setting, f"{source!r} does not exist.")
    return False


def _config_problem(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "config" in text or "hub" in text or "connection" in text or "offline" in text


def _placed(pipeline: Any, device: torch.device, precision: Precision) -> Any:
    pipeline = pipeline.to(device)
    if pipeline.vae.dtype != precision.vae:
        pipeline.vae.to(dtype=precision.vae)
    for component in pipeline.components.values():
        if isinstance(component, torch.nn.Module):
            _own_memory(component)
    if device.type == "cuda":  # channels_last lets cuDNN pick its fastest convolutions
        for model in (pipeline.unet, pipeline.vae):
            model.to(memory_format=torch.channels_last)
    pipeline.set_progress_bar_config(disable=True)
    return pipeline


def _own_memory(model: Any) -> Any:
    """Weights in memory of their own. On the CPU they may still point into the mapped
    checkpoint file, at offsets that depend on how the file was laid out; the CPU kernels'
    rounding depends on alignment, so a copy makes results the same whatever form the
    checkpoint came in (and stops reading the file lazily mid-job)."""
    with torch.no_grad():
        for tensor in [*model.parameters(), *model.buffers()]:
            if tensor.device.type == "cpu":
                tensor.data = tensor.data.clone()
    return model
