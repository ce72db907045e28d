"""The ``upscale-bot`` command answers a self-hoster with clear words, not tracebacks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main


def _run(
    *args: str, env: dict[str, str] | None = None, cwd: Path
) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("UPSCALE_")}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=full_env, cwd=cwd, timeout=120
    )


def test_run_without_token_explains_where_to_put_it(tmp_path: Path):
    """`upscale-bot run` on a fresh install says how to configure the token."""
    result = _run(
        "-c", "import sys; from bot.cli import main; sys.exit(main(['run']))", cwd=tmp_path
    )
    assert result.returncode == 2
    assert "UPSCALE_DISCORD__TOKEN" in result.stderr
    assert ".env" in result.stderr
    assert "Traceback" not in result.stderr


def test_python_dash_m_bot_is_the_run_command(tmp_path: Path):
    """`python -m bot` behaves exactly like `upscale-bot run`."""
    result = _run("-m", "bot", cwd=tmp_path)
    assert result.returncode == 2
    assert "UPSCALE_DISCORD__TOKEN" in result.stderr
    assert "Traceback" not in result.stderr


def test_blank_token_counts_as_missing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    """A token line left empty in .env is reported, not sent to Discord."""
    monkeypatch.setenv("UPSCALE_DISCORD__TOKEN", "  ")
    assert main(["run"]) == 2
    assert "No Discord bot token" in capsys.readouterr().err


def test_bad_setting_is_reported_without_traceback(tmp_path: Path):
    """A misconfigured price names the variable and exits non-zero."""
    result = _run("-m", "bot", env={"UPSCALE_CREDITS__UPSCALE_PRICE": "lots"}, cwd=tmp_path)
    assert result.returncode == 2
    assert "UPSCALE_CREDITS__UPSCALE_PRICE" in result.stderr
    assert "'lots'" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_subcommand_shows_usage(capsys: pytest.CaptureFixture[str]):
    """A typo in the subcommand prints the usage line."""
    with pytest.raises(SystemExit) as caught:
        main(["rnu"])
    assert caught.value.code == 2
    assert "usage: upscale-bot" in capsys.readouterr().err
