"""Messages through Redis: what one side writes the other reads back; anything else is refused
with a reason, never half-read."""

from __future__ import annotations

import dataclasses
import json

import pytest

from engine.finished_run import FinishedRun, OutputFile
from engine.remote.attempt_keys import BadPublicKey, KeyPair, fingerprint, name_matches_key
from engine.remote.protocol import (
    Assignment,
    Capabilities,
    Finished,
    Heartbeat,
    Lost,
    MalformedMessage,
    decode,
    encode,
    proven,
    signed,
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
        Heartbeat("gpu-1-ab12cd", caps, ("7.1.aa",), 5.0, "ab" * 128),
        Assignment("7.1.aa", "3", 7, "x4plus", 4, "fast", 10 << 20, 30.0, {"seed": 5}, "cd"),
        Finished("gpu-1-ab12cd", "7.1.aa", RUN, "0" * 64, "1" * 64, "ef" * 32),
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


def test_only_the_two_ends_of_an_attempt_share_its_secret():
    """The bot and the worker it chose derive the same secret from what Redis carries; a
    client that reads both public values and has a key of its own does not."""
    bot, worker, thief = KeyPair(), KeyPair(), KeyPair()
    secret = bot.attempt_secret(worker.public_hex, "7.1.aa")
    assert worker.attempt_secret(bot.public_hex, "7.1.aa") == secret
    assert thief.attempt_secret(bot.public_hex, "7.1.aa") != secret
    assert worker.attempt_secret(bot.public_hex, "7.2.bb") != secret
    for forced in ("0", "1", "f" * 513, "zz", ""):
        with pytest.raises(BadPublicKey):
            bot.attempt_secret(forced, "7.1.aa")
    assert name_matches_key(f"gpu-1-{fingerprint(worker.public_hex)}", worker.public_hex)
    assert not name_matches_key(f"gpu-1-{fingerprint(worker.public_hex)}", thief.public_hex)


def test_a_proof_holds_only_for_the_message_as_written_and_its_secret():
    secret = b"s" * 32
    finished = signed(Finished("w", "7.1.aa", RUN, "0" * 64, "1" * 64), secret)
    assert proven(decode(as_read(encode(finished))), secret)  # type: ignore[arg-type]
    assert not proven(finished, b"t" * 32)
    assert not proven(dataclasses.replace(finished, upload_sha256="2" * 64), secret)
    assert not proven(dataclasses.replace(finished, worker="thief"), secret)
    lost = Lost("w", "7.1.aa", bystander=True, reason="x")
    assert not proven(lost, secret)  # sent without a proof
    assert proven(signed(lost, secret), secret)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("holding", ["t"] * 65),  # more jobs than any worker holds
        ("interval_s", 1e9),  # would keep it on the roster for ever
        ("interval_s", 0),
        ("worker", "w" * 101),
        ("public_key", "a" * 513),
    ],
)
def test_a_heartbeat_out_of_range_is_refused_whole(field: str, value: object):
    caps = Capabilities("cpu", ("realesrgan",), ("x4plus",), 1, 1, 1, 1, 1)
    body = dataclasses.asdict(Heartbeat("w", caps, (), 1.0, "ab"))
    body[field] = value
    with pytest.raises(MalformedMessage, match=field):
        decode(as_read({"kind": "heartbeat", "body": json.dumps(body)}))
