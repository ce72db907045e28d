"""Community weight files: anything an operator drops into the weights folder.

Each ``.pth`` or ``.safetensors`` file is recognised by its content (the registered
descriptors read its keys and shapes), never by its name, and offered under its file stem
(``4x-UltraSharp.pth`` -> ``4x-UltraSharp``) at the scale its weights imply. A file that
cannot be offered is refused with one sentence naming it and why (unknown layout, code in
the pickle, truncated, too large, a name that is a bundled model's or not a usable name);
the others are offered all the same, so one bad download never stops the bot.

Scanning reads every file once; the result is kept for as long as the folder's listing
(names, sizes, modification times) stays the same.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from engine.errors import UnknownModel, UnsupportedWeights
from engine.networks.registry import MODELS, ModelInfo, weights_available

if TYPE_CHECKING:
    from engine.networks.architecture import NetworkSpec

log = logging.getLogger(__name__)

WEIGHT_SUFFIXES = (".safetensors", ".pth")  # a stem in both: the .safetensors is used
# Formats that hold code or whole pickled objects: never read, but named so the operator
# knows why the file is not offered.
REFUSED_SUFFIXES = {
    ".ckpt": "a .ckpt checkpoint may run code when loaded",
    ".pt": "a .pt file is often a pickled model with code",
    ".pkl": "a pickle may run code when loaded",
    ".pickle": "a pickle may run code when loaded",
    ".onnx": "ONNX graphs are not run",
}
# Names members see and type: Discord option values, file-name safe, no look-alikes of paths.
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]*")
MAX_NAME_LENGTH = 64
MAX_FILES = 200  # a folder is listed in full before any file is read


@dataclass(frozen=True, slots=True)
class CommunityModel:
    """A usable file: its name (the stem), where it is, and the network its weights are for."""

    name: str
    path: Path
    spec: NetworkSpec

    @property
    def info(self) -> ModelInfo:
        label = self.spec.architecture.label
        return ModelInfo(
            self.name, self.spec.scale, f"{label}, from {self.path.name}", (self.path.name,), None
        )


@dataclass(frozen=True, slots=True)
class CommunityScan:
    """What a weights folder offers, and each file it refused with its sentence."""

    models: dict[str, CommunityModel]
    refused: tuple[str, ...]


def scan_weights_dir(weights_dir: Path | None) -> CommunityScan:
    """The community models in ``weights_dir`` (nothing when it is None or missing).

    Official Real-ESRGAN file names are the bundled models' sources
    (:mod:`engine.networks.loading`), not community models, and are skipped.
    """
    if weights_dir is None or not weights_dir.is_dir():
        return CommunityScan({}, ())
    listing = _listing(weights_dir)
    return _scan(weights_dir, listing)


def community_model(name: str, weights_dir: Path | None) -> CommunityModel | None:
    return scan_weights_dir(weights_dir).models.get(name)


def available_models(weights_dir: Path | None) -> dict[str, ModelInfo]:
    """Every model that can run here: bundled models with weights (in registry order), then
    the community files by name."""
    models = {
        name: info
        for name, info in MODELS.items()
        if weights_available(name, weights_dir=weights_dir)
    }
    community = scan_weights_dir(weights_dir).models
    return models | {name: community[name].info for name in sorted(community)}


def find_model(name: str, weights_dir: Path | None) -> ModelInfo:
    """A bundled model's facts, or a community file's.

    Raises:
        UnknownModel: neither, listing the names there are.
    """
    if name in MODELS:
        return MODELS[name]
    found = community_model(name, weights_dir)
    if found is None:
        raise UnknownModel(name, sorted(MODELS) + sorted(scan_weights_dir(weights_dir).models))
    return found.info


Listing = tuple[tuple[str, int, int], ...]


def _listing(weights_dir: Path) -> Listing:
    entries: list[tuple[str, int, int]] = []
    for path in sorted(weights_dir.iterdir()):
        if path.is_file():
            stat = path.stat()
            entries.append((path.name, stat.st_size, stat.st_mtime_ns))
    return tuple(entries)


@functools.lru_cache(maxsize=8)
def _scan(weights_dir: Path, listing: Listing) -> CommunityScan:
    # torch loads only when there are files to read: the bot imports this module to list
    # models, and an empty folder costs it nothing.
    from engine.networks.architectures import ARCHITECTURES
    from engine.networks.weights import MAX_WEIGHT_FILE_BYTES, read_state_dict

    official = {name.lower() for info in MODELS.values() for name in info.official_files}
    reserved = {name.lower() for name in MODELS}
    models: dict[str, CommunityModel] = {}
    refused: list[str] = []
    candidates = [weights_dir / name for name, _, _ in listing]
    if len(candidates) > MAX_FILES:
        refused.append(
            f"{weights_dir}: {len(candidates)} files, only the first {MAX_FILES} are read"
        )
        candidates = candidates[:MAX_FILES]
    # .safetensors first, so a stem present in both formats is read from the safe one.
    candidates.sort(key=lambda p: (p.suffix.lower() != ".safetensors", p.name))
    for path in candidates:
        suffix = path.suffix.lower()
        if path.name.lower() in official:
            continue
        if suffix in REFUSED_SUFFIXES:
            refused.append(
                f"{path}: not read, {REFUSED_SUFFIXES[suffix]}; "
                "save the state dict as .safetensors or .pth"
            )
            continue
        if suffix not in WEIGHT_SUFFIXES:
            continue  # notes, licences, ncnn files: not weights, not worth a word
        problem = _name_problem(path.stem, reserved, models)
        if problem is not None:
            refused.append(f"{path}: {problem}")
            continue
        try:
            state = read_state_dict(path, max_bytes=MAX_WEIGHT_FILE_BYTES)
            spec = ARCHITECTURES.detect(state, path)
            spec.load(state, path)  # shapes that detection accepted must also load
        except UnsupportedWeights as exc:
            refused.append(str(exc))
            continue
        models[path.stem] = CommunityModel(path.stem, path, spec)
    for sentence in refused:
        log.warning("weights folder: %s", sentence)
    if models:
        log.info("weights folder: offering %s", ", ".join(sorted(models)))
    return CommunityScan(models, tuple(refused))


def _name_problem(stem: str, reserved: set[str], found: dict[str, CommunityModel]) -> str | None:
    if len(stem) > MAX_NAME_LENGTH:
        return f"the name is {len(stem)} characters, at most {MAX_NAME_LENGTH}; rename the file"
    if not NAME_PATTERN.fullmatch(stem):
        return (
            "the name may hold only letters, digits and . _ + - "
            "(starting with a letter or digit); rename the file"
        )
    if stem.lower() in reserved:
        return f"{stem!r} is the name of a bundled model; rename the file"
    clash = next((m for m in found.values() if m.name.lower() == stem.lower()), None)
    if clash is not None:
        return f"{stem!r} is already offered from {clash.path.name}"
    return None
