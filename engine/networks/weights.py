"""Read weight files and build the network they are for.

Official and community files are ``.pth`` (a state dict, or a dict holding it under
``params_ema`` or ``params``) or ``.safetensors``, at most :data:`MAX_WEIGHT_FILE_BYTES`. ``.pth`` files are read with ``weights_only=True``: plain
tensors only, no arbitrary unpickling. The architecture and its hyper-parameters are read off
the keys and tensor shapes by the registered descriptors, so any official file (and
compatible fine-tunes) loads. Converted weights are saved with their spec as metadata.
"""

from __future__ import annotations

import pickle
import warnings
from pathlib import Path

import safetensors
import safetensors.torch
import torch
from torch import nn

from engine.errors import UnsupportedWeights
from engine.networks.architecture import NetworkSpec, StateDict
from engine.networks.architectures import ARCHITECTURES, Architectures

# The largest weight file read (the biggest community ESRGAN and DAT files are a few hundred
# MB): everything is read into memory, so a stray multi-GB file must not be.
MAX_WEIGHT_FILE_BYTES = 2 * 1024**3


def read_state_dict(path: Path, *, max_bytes: int = MAX_WEIGHT_FILE_BYTES) -> StateDict:
    """Tensors of a weight file, unwrapped from ``params_ema``/``params`` when present.

    Raises:
        UnsupportedWeights: too large, unreadable or truncated, not a state dict, or needing
            code to unpickle.
    """
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnsupportedWeights(path, f"cannot be opened ({exc.strerror})") from exc
    if size > max_bytes:
        raise UnsupportedWeights(
            path, f"is {size / 1024**2:.0f} MB, over the {max_bytes / 1024**2:.0f} MB limit"
        )
    try:
        if path.suffix == ".safetensors":
            loaded: object = safetensors.torch.load_file(str(path), device="cpu")
        else:
            with warnings.catch_warnings():
                # Old pickle protocols only warn; weights_only still refuses any code.
                warnings.simplefilter("ignore", UserWarning)
                loaded = torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as exc:
        raise UnsupportedWeights(
            path, f"needs code to load, and only plain tensors are read ({_first_line(exc)})"
        ) from exc
    except (RuntimeError, OSError, ValueError, EOFError, safetensors.SafetensorError) as exc:
        raise UnsupportedWeights(
            path, f"cannot be read as weights, damaged or truncated ({_first_line(exc)})"
        ) from exc
    if isinstance(loaded, dict):
        for wrapper in ("params_ema", "params", "state_dict", "model"):
            if isinstance(loaded.get(wrapper), dict):
                loaded = loaded[wrapper]
                break
    if not isinstance(loaded, dict) or not all(
        isinstance(k, str) and isinstance(v, torch.Tensor) for k, v in loaded.items()
    ):
        raise UnsupportedWeights(path, "does not hold a state dict of tensors")
    return {key.removeprefix("module."): value for key, value in loaded.items()}


def _first_line(exc: BaseException) -> str:
    """The line of ``exc``'s message that says what went wrong (torch's weights_only refusal
    opens with advice; its "Unsupported global" line names the code the file wants)."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    named = [line for line in lines if "unsupported" in line.lower()]
    line = (named or lines or [type(exc).__name__])[0]
    return line if len(line) <= 160 else line[:157] + "..."


def build_model(
    state: StateDict, source: Path | str, architectures: Architectures = ARCHITECTURES
) -> tuple[nn.Module, NetworkSpec]:
    """The network for ``state`` with the weights loaded, in eval mode, on the CPU.

    Raises:
        UnsupportedWeights: unknown architecture, or keys/shapes that do not match it.
    """
    spec = architectures.detect(state, source)
    return spec.load(state, source), spec


def load_weight_file(path: Path) -> tuple[nn.Module, NetworkSpec]:
    return build_model(read_state_dict(path), path)


def save_converted(
    path: Path, state: StateDict, spec: NetworkSpec, extra: dict[str, str] | None = None
) -> None:
    """Write a converted state dict (with its spec, and ``extra``, as metadata) atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".partial")
    contiguous = {key: value.contiguous() for key, value in state.items()}
    safetensors.torch.save_file(
        contiguous, str(temporary), metadata={**spec.as_metadata(), **(extra or {})}
    )
    temporary.replace(path)


def load_converted(
    path: Path, architectures: Architectures = ARCHITECTURES
) -> tuple[nn.Module, NetworkSpec, dict[str, str]] | None:
    """A file :func:`save_converted` wrote: the network, its spec and the metadata; None when
    it is unreadable or was written for another version of its architecture (convert again).
    """
    try:
        with safetensors.safe_open(str(path), framework="pt") as handle:
            metadata = handle.metadata() or {}
        spec = architectures.spec_from_metadata(metadata)
        if spec is None:
            return None
        state = safetensors.torch.load_file(str(path))
        return spec.load(state, path), spec, metadata
    except (OSError, RuntimeError, ValueError, safetensors.SafetensorError, UnsupportedWeights):
        return None
