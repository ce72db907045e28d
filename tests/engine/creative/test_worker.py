"""The engine worker process runs ``detail`` jobs (the mode string a job carries)."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.creative.controls import CreativeOptions
from engine.process.protocol import EngineFailure, WorkRequest
from engine.process.worker import EngineWorker
from testbed.images import encoded, photo
from tests.engine.creative.conftest import TinyModels, settings_for


async def test_the_worker_runs_a_detail_job(tiny: TinyModels, model_cache: Path, tmp_path: Path):
    worker = EngineWorker(settings_for(tiny), model_cache, warm_models=["animevideo-x2"])
    source = tmp_path / "in.png"
    source.write_bytes(encoded(photo(24, 16)))
    options = CreativeOptions(preset="precise", seed=9, steps=4, creativity=0.5, guidance=1)
    events: list[tuple[int, int]] = []

    def request(job_id: int, job_options: dict[str, object]) -> WorkRequest:
        return WorkRequest(
            job_id=job_id,
            input_path=str(source),
            output_dir=str(tmp_path / "out"),
            upload_limit=10 * 1024 * 1024,
            mode="detail",
            options=job_options,
        )

    await worker.start()
    try:
        result = await worker.run(request(1, options.to_job()), lambda d, t: events.append((d, t)))
        assert (result.upload.width, result.upload.height) == (48, 32)
        assert (result.seed, result.model) == (9, "detail-sd15")
        assert result.kept.bytes > 0 and result.upload.format
        assert events and events[-1][0] == events[-1][1]
        with pytest.raises(EngineFailure, match="creativity must be between 0 and 1") as failed:
            await worker.run(request(2, {"creativity": 3}))
        assert not failed.value.retryable
    finally:
        await worker.stop()
