"""The chaos soak, short: a crowd of members and every kind of fault against the real bot
process (``python -m bench.chaos`` runs the long one)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.chaos import SoakOptions, run_soak
from testbed.chaos.faults import FaultRates

JOBS = 250


@pytest.mark.timeout(480)
async def test_a_crowd_under_every_fault_loses_nothing_and_pays_once(model_cache: Path):
    """250 confirmed jobs from 30 members in two servers while Discord fails, slows and
    drops, messages and links vanish, the worker and the bot are killed and the disk fills:
    every job ends final, every result is where it belongs, every credit adds up, and every
    click the bot could hear was answered within 3 s."""
    result = await run_soak(
        SoakOptions(
            jobs=JOBS, seed=19, members=30, rates=FaultRates().scaled(2), model_cache=model_cache
        )
    )
    print(json.dumps(result))  # the figures, for whoever reads the test log

    assert result["details"] == {}
    assert result["jobs_confirmed"] >= JOBS
    assert result["stranded"] == 0 and result["credit_discrepancies"] == 0
    assert result["interactions_missed"] == 0
    assert sorted(result["faults"]) == sorted(FaultRates.kinds())
    assert result["bot_restarts"] >= 1 and result["bot_exited_on_its_own"] == 0
    assert result["delivered"] > JOBS // 2
