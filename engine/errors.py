"""Engine errors. Each carries the data a clear message to a member needs."""

from __future__ import annotations

from pathlib import Path


class EngineError(Exception):
    """Base class; ``code`` is a short stable name for logs and storage."""

    code = "engine"


class InputError(EngineError):
    """Something is wrong with the image itself; retrying will not help."""

    code = "bad_input"


class EmptyFile(InputError):
    code = "empty"

    def __init__(self) -> None:
        super().__init__("The file is empty.")


class NotAnImage(InputError):
    code = "not_image"

    def __init__(self, detail: str = "") -> None:
        self.detail = detail
        super().__init__(
            "The file is not an image this bot can read (PNG, JPEG, WebP, GIF, BMP, TIFF)."
        )


class CorruptImage(InputError):
    code = "corrupt"

    def __init__(self, detail: str = "") -> None:
        self.detail = detail
        super().__init__("The image file is damaged or incomplete and cannot be decoded.")


class AnimatedImage(InputError):
    code = "animated"

    def __init__(self, frames: int) -> None:
        self.frames = frames
        super().__init__(
            f"Animated images ({frames} frames) cannot be upscaled; post a still image."
        )


class ImageTooLarge(InputError):
    code = "too_large"

    def __init__(self, width: int, height: int, limit: int) -> None:
        self.width, self.height, self.limit = width, height, limit
        super().__init__(
            f"The image is {width}x{height} ({width * height:,} pixels); the limit is "
            f"{limit:,} pixels."
        )


class FileTooLarge(InputError):
    code = "file_too_large"

    def __init__(self, size: int, limit: int) -> None:
        self.size, self.limit = size, limit
        super().__init__(
            f"The file is {size / 1048576:.1f} MiB; the limit is {limit / 1048576:.1f} MiB."
        )


class UnknownModel(EngineError):
    code = "unknown_model"

    def __init__(self, name: str, known: list[str]) -> None:
        self.name, self.known = name, known
        super().__init__(f"Unknown model {name!r}; choose one of: {', '.join(known)}.")


class UnsupportedWeights(EngineError):
    """A weight file whose architecture we do not recognise."""

    code = "bad_weights"

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path, self.reason = Path(path), reason
        super().__init__(f"{path}: {reason}")


class WeightsNotFound(EngineError):
    code = "no_weights"

    def __init__(self, model: str, looked_in: list[str]) -> None:
        self.model, self.looked_in = model, looked_in
        super().__init__(f"No weights for model {model!r}; looked in: {'; '.join(looked_in)}")


class Cancelled(EngineError):
    code = "cancelled"

    def __init__(self) -> None:
        super().__init__("The upscale was cancelled.")


class ModelFailure(EngineError):
    """The model produced no usable output (out of memory at the smallest tile, NaNs...)."""

    code = "model_failure"
