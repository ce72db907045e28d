"""Messages through Redis: what one side writes the other reads back; anything else is refused
with a reason, never half-read."""

from __future__ import annotations

import pytest

from engine.finished_run import FinishedRun, OutputFile
from engine.remote.protocol import (
    Assignment,
    Capabilities,
    Finished,
    Heartbeat,
    MalformedMessage,
    decode,
    encode,
)

RUN = FinishedRun(
    model="x4plus",
    device="cpu",
    precision="fp32",
    input_width=16,
    input_height=16,
    kept=OutputFile("/scratch/1/job-1.png", "png", "png", 10, 64, 64),
    upload=OutputFile("/scratch/1/job-1-upload.png", "png", "png", 10, 64, 64),
    timings={"infer_s": 0.5},
)


def as_read(fields: dict[str, str]) -> dict[bytes, bytes]:
    """A stream entry as the Redis client hands it back."""
    return {key.encode(): value.encode() for key, value in fields.items()}


def test_messages_read_back_as_written():
    caps = Capabilities(
        "cuda:0",
        ("realesrgan",),
        ("x4plus", "animevideo-x4"),
        24 << 30,
        4_194_304,
        393_216,
        25 << 20,
        2,
    )
    for message in (
        Heartbeat("gpu-1-ab12cd", caps, ("7.1.aa",), 5.0),
        Assignment("7.1.aa", "3", 7, "x4plus", 4, "fast", 10 << 20, 30.0, {"seed": 5}),
        Finished("gpu-1-ab12cd", "7.1.aa", RUN),
    ):
        assert decode(as_read(encode(message))) == message


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"kind": "launch_missiles", "body": "{}"}, "unknown message kind"),
        ({"kind": "ask", "body": "{not json"}, "bad ask message"),
        ({"kind": "ask", "body": '{"worker": "w"}'}, "ask_id"),
        (
            {
                "kind": "progress",
                "body": '{"worker": "w", "token": "t", "done": "many", "total": 3}',
            },
            "done",
        ),
        (
            {"kind": "finished", "body": '{"worker": "w", "token": "t", "run": {"model": "x"}}'},
            "run.kept",
        ),
    ],
)
def test_malformed_entries_are_refused_with_a_reason(fields: dict[str, str], reason: str):
    with pytest.raises(MalformedMessage, match=reason):
        decode(as_read(fields))
