"""Engine errors. Each carries the data a clear message to a member needs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

# What a member may post; the decoder opens nothing else.
ACCEPTED_FORMATS_TEXT = "PNG, JPEG, WebP, GIF, BMP or TIFF"


def _rebuild(cls: type[EngineError], message: str, state: dict[str, Any]) -> EngineError:
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.__dict__.update(state)
    return error


class EngineError(Exception):
    """Base class; ``code`` is a short stable name for logs and storage."""

    code = "engine"

    def __reduce__(self) -> tuple[Any, ...]:
        # Errors cross process boundaries (the probe pool); subclasses take other arguments
        # than their message, so rebuild from the message and attributes, not from __init__.
        return (_rebuild, (type(self), str(self), dict(self.__dict__)))


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
            f"The file is not an image this bot can read; post a {ACCEPTED_FORMATS_TEXT} image."
        )


class UnsupportedFormat(InputError):
    """An image, but in a format that is not opened (PCX, SGI, DDS, JPEG 2000, EPS...)."""

    code = "unsupported_format"

    def __init__(self, format_name: str) -> None:
        self.format_name = format_name
        super().__init__(
            f"{format_name} images are not supported; post a {ACCEPTED_FORMATS_TEXT} image."
        )


class CorruptImage(InputError):
    code = "corrupt"

    def __init__(self, detail: str = "") -> None:
        self.detail = detail
        super().__init__("The image file is damaged or incomplete and cannot be decoded.")


class AnimatedImage(InputError):
    code = "animated"

    def __init__(self) -> None:
        # No frame count: counting every frame of a hostile file is itself the attack.
        super().__init__("Animated images cannot be upscaled; post a still image.")


class DecodeLimitExceeded(InputError):
    """Reading the file needed more memory or time than any genuine image of its size."""

    code = "decode_limit"

    def __init__(self, resource: str) -> None:
        self.resource = resource
        super().__init__(
            f"The image file needs too much {resource} to read; it looks crafted to overload "
            "the bot. Post an ordinary image."
        )


class TooComplex(InputError):
    """A file built of far more pieces (chunks, segments, blocks) than any genuine image."""

    code = "too_complex"

    def __init__(self, pieces: str, limit: int) -> None:
        self.pieces, self.limit = pieces, limit
        super().__init__(
            f"The image file has more than {limit:,} {pieces}; genuine images have far fewer. "
            "Post an ordinary image."
        )


class ProbeUnavailable(EngineError):
    """The process that checks files could not start; the file was not looked at."""

    code = "probe_unavailable"

    def __init__(self, detail: str = "") -> None:
        self.detail = detail
        super().__init__("Images cannot be checked right now; try again in a moment.")


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
        super().__init__(f"The file is {_bytes(size)}, larger than the limit of {_bytes(limit)}.")


def _bytes(count: int) -> str:
    if count < 1024 * 1024:
        return f"{max(1, round(count / 1024))} KiB"
    return f"{count / 1048576:.1f} MiB"


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
