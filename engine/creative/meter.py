"""Progress over a whole generative job, as ``done/total`` units of work.

A unit is one tile of one stage: a strip of the Real-ESRGAN pass, a tile encoded, a tile
denoised at one step, a tile decoded; one more unit is the finished image. When the work is
re-planned (smaller tiles after the GPU ran out of memory) the total grows but ``done`` never
goes back, and ``done == total`` is reported exactly once, at the very end.
"""

from __future__ import annotations

from engine.errors import Cancelled
from engine.progress import CancelToken, ProgressCallback


class Meter:
    def __init__(
        self, work: int, progress: ProgressCallback | None, cancel: CancelToken | None
    ) -> None:
        self.done = 0
        self.total = work + 1
        self._progress = progress
        self.cancel = cancel

    def check(self) -> None:
        """Raises: Cancelled, if the job was cancelled."""
        if self.cancel is not None and self.cancel.is_set():
            raise Cancelled()

    def advance(self, units: int = 1) -> None:
        """Count finished work (never past the unit that :meth:`finish` reports)."""
        self.done = min(self.done + units, self.total - 1)
        if self._progress is not None:
            self._progress(self.done, self.total)

    def replan(self, remaining: int) -> None:
        """The work left changed (for example smaller tiles): ``remaining`` units from now."""
        self.total = self.done + remaining + 1

    def finish(self) -> None:
        self.done = self.total
        if self._progress is not None:
            self._progress(self.done, self.total)
