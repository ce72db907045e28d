"""What a finished upscale produced, written out once.

The local engine process builds a :class:`FinishedRun` when it has written the two files; a
remote worker sends the same record inside its ``Finished`` message; the bot's transfers
re-point it at the fetched copies; the bot's results turn it into the job row's result. Paths
name files on the machine that wrote them: a record that crossed machines is re-pointed
(:meth:`FinishedRun.moved`) before anything reads its files.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class OutputFile:
    """One file a run wrote: where, in which format (``png``, ``webp``, ``jpeg``), under which
    extension (no dot), how many bytes, and the picture's size in it."""

    path: str
    format: str
    extension: str
    bytes: int
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class FinishedRun:
    """A finished run: what it read, what it made and with what, and how long each step took.

    ``kept`` is the full-quality PNG; ``upload`` the copy that fits the upload limit (the same
    file's bytes again when the PNG fits, else a lossy or smaller one). ``seed`` reproduces a
    generative result (None in the fast mode). ``engine_path``: how the network ran.
    ``timings`` are seconds per step, by name.
    """

    model: str
    device: str
    precision: str
    input_width: int
    input_height: int
    kept: OutputFile
    upload: OutputFile
    timings: dict[str, float] = field(default_factory=dict)
    seed: int | None = None
    engine_path: str = "eager"  # how the network ran: eager or fused (engine.networks.fast_path)

    @property
    def megapixels(self) -> float:
        """The input's size, in the unit throughput is measured in."""
        return self.input_width * self.input_height / 1e6

    @property
    def paths(self) -> tuple[str, str]:
        return self.kept.path, self.upload.path

    def with_timings(self, **seconds: float) -> FinishedRun:
        """The same run with more (or overriding) timings."""
        return dataclasses.replace(self, timings={**self.timings, **seconds})

    def moved(
        self, *, kept: str, kept_bytes: int, upload: str, upload_bytes: int, upload_extension: str
    ) -> FinishedRun:
        """The same run with its files somewhere else, sized as they are there (a copy that
        crossed machines is measured where it landed, not believed)."""
        return dataclasses.replace(
            self,
            kept=dataclasses.replace(self.kept, path=kept, bytes=kept_bytes),
            upload=dataclasses.replace(
                self.upload, path=upload, bytes=upload_bytes, extension=upload_extension
            ),
        )
