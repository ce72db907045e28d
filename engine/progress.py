"""How long-running engine work reports progress and learns that it should stop.

Every engine (tiled Real-ESRGAN, the generative ones) takes the same two things: a callback
told ``(done, total)`` units of work as they finish, and a token asked between units whether
the job was cancelled (a ``threading.Event`` is one).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

ProgressCallback = Callable[[int, int], None]


class CancelToken(Protocol):
    def is_set(self) -> bool: ...
