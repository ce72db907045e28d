"""`upscale-bot upscale IN OUT` on a fresh machine, offline."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from bot.cli import main
from testbed.images import photo


def test_cli_upscales_a_photo_with_the_bundled_weights(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    """The command writes a 4x PNG and a summary with model, device, precision and time."""
    source = tmp_path / "in.png"
    Image.fromarray(photo(40, 30)).save(source)
    out = tmp_path / "out" / "big.png"
    assert main(["upscale", str(source), str(out), "--model", "animevideo-x4"]) == 0
    with Image.open(out) as written:
        assert written.size == (160, 120)
    captured = capsys.readouterr()
    summary = captured.out
    assert "animevideo-x4 on cpu" in summary and "40x30 -> 160x120" in summary
    assert "MP in" in summary and "total" in summary
    assert "tiles" in captured.err  # the progress bar


def test_cli_writes_jpeg_by_extension(tmp_path: Path):
    """OUT's extension picks the format."""
    source = tmp_path / "in.png"
    Image.fromarray(photo(16, 16)).save(source)
    out = tmp_path / "out.jpg"
    assert main(["upscale", str(source), str(out), "--model", "animevideo-x2"]) == 0
    with Image.open(out) as written:
        assert written.format == "JPEG"


def test_cli_explains_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    """A non-image gives one clear line and exit code 1."""
    source = tmp_path / "notes.png"
    source.write_text("not an image")
    assert main(["upscale", str(source), str(tmp_path / "o.png")]) == 1
    assert "not an image" in capsys.readouterr().err
    assert main(["upscale", str(tmp_path / "missing.png"), str(tmp_path / "o.png")]) == 1


@pytest.mark.parametrize(("model", "scale"), [("clearreality-x4", 4), ("cugan-x3", 3)])
def test_cli_upscales_with_the_bundled_span_and_cugan_weights(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], model: str, scale: int
):
    """SPAN and Real-CUGAN models run offline from their bundled packages by name."""
    source = tmp_path / "in.png"
    Image.fromarray(photo(40, 32)).save(source)
    out = tmp_path / "big.png"
    assert main(["upscale", str(source), str(out), "--model", model]) == 0
    with Image.open(out) as written:
        assert written.size == (40 * scale, 32 * scale)
    assert f"{model} on cpu" in capsys.readouterr().out
