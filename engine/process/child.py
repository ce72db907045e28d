"""The engine worker process: models kept warm, and three stages that overlap.

A decoder thread reads and decodes the next request while the main thread runs the network on
the current one, and an encoder thread writes the previous result, so the expensive stage (the
network) rarely waits for the cheap ones.
"""

from __future__ import annotations

import logging
import multiprocessing.connection
import os
import queue
import threading
import time
from pathlib import Path
from typing import Any

from config import EngineSettings
from engine.finished_run import FinishedRun, OutputFile
from engine.process.protocol import (
    CancelJob,
    Shutdown,
    WorkDone,
    WorkerReady,
    WorkFailure,
    WorkProgress,
    WorkRequest,
    WorkStarted,
)

log = logging.getLogger(__name__)


def worker_main(
    conn: multiprocessing.connection.Connection,
    settings: EngineSettings,
    cache_dir: str,
    warm_models: list[str],
) -> None:
    """Entry point of the worker process. Runs until told to shut down or the pipe closes."""
    # The engines load here, in the child: the bot's side of the pipe never imports torch.
    from engine.creative.controls import CreativeOptions
    from engine.creative.engines import CreativeEngines
    from engine.creative.modes import MODES as GENERATIVE_MODES
    from engine.errors import Cancelled, EngineError, InputError
    from engine.images.decode import decode
    from engine.images.encode import encode_kept_and_fitted
    from engine.upscaler import UpscaleOptions, Upscaler

    upscaler = Upscaler(settings, Path(cache_dir))
    # Each generative model loads on its mode's first job only: they are large, often unused.
    generative = CreativeEngines(settings, upscaler)

    device = "cpu"
    for name in warm_models:
        device = str(upscaler.prepare(name).device)
    send_lock = threading.Lock()

    def send(message: object) -> None:
        with send_lock:
            conn.send(message)

    send(WorkerReady(os.getpid(), device, device_memory(device)))
    incoming: queue.Queue[WorkRequest | None] = queue.Queue()
    decoded: queue.Queue[tuple[WorkRequest, Any, float] | None] = queue.Queue(maxsize=1)
    finished: queue.Queue[tuple[WorkRequest, Any, float] | None] = queue.Queue(maxsize=2)
    cancels: dict[int, threading.Event] = {}

    def fail(request: WorkRequest, exc: BaseException) -> None:
        if isinstance(exc, EngineError):
            send(WorkFailure(request.job_id, exc.code, str(exc), retryable=False))
        else:
            log.exception("job %s: unexpected engine error", request.job_id)
            send(
                WorkFailure(
                    request.job_id, "engine", f"{type(exc).__name__}: {exc}", retryable=True
                )
            )

    def read_messages() -> None:
        try:
            while True:
                message = conn.recv()
                if isinstance(message, WorkRequest):
                    cancels[message.job_id] = threading.Event()
                    incoming.put(message)
                elif isinstance(message, CancelJob):
                    event = cancels.get(message.job_id)
                    if event is not None:
                        event.set()
                elif isinstance(message, Shutdown):
                    break
        except (EOFError, OSError):
            pass
        incoming.put(None)

    def decode_stage() -> None:
        while (request := incoming.get()) is not None:
            started = time.perf_counter()
            try:
                data = Path(request.input_path).read_bytes()
                image = decode(
                    data, max_pixels=settings.max_input_pixels, max_bytes=settings.max_input_bytes
                )
            except Exception as exc:
                fail(request, exc)
                continue
            decoded.put((request, image, time.perf_counter() - started))
        decoded.put(None)

    def encode_stage() -> None:
        while (item := finished.get()) is not None:
            request, result, decode_s = item
            try:
                started = time.perf_counter()
                png, fitted = encode_kept_and_fitted(result.image, request.upload_limit)
                out = Path(request.output_dir)
                out.mkdir(parents=True, exist_ok=True)
                png_path = out / f"job-{request.job_id}.png"
                fitted_path = out / f"job-{request.job_id}-upload.{fitted.extension}"
                png_path.write_bytes(png)
                fitted_path.write_bytes(fitted.data)
                timings = {
                    **result.timings,
                    "decode_s": decode_s,
                    "encode_s": time.perf_counter() - started,
                }
                run = FinishedRun(
                    model=result.model,
                    device=result.device,
                    precision=result.precision,
                    engine_path=str(result.path),
                    input_width=result.input_width,
                    input_height=result.input_height,
                    kept=OutputFile(
                        path=str(png_path),
                        format="png",
                        extension="png",
                        bytes=len(png),
                        width=result.image.width,
                        height=result.image.height,
                    ),
                    upload=OutputFile(
                        path=str(fitted_path),
                        format=fitted.format,
                        extension=fitted.extension,
                        bytes=len(fitted.data),
                        width=fitted.width,
                        height=fitted.height,
                    ),
                    timings=timings,
                    seed=result.seed,
                )
                send(WorkDone(request.job_id, run, gpu_memory_bytes()))
            except Exception as exc:
                fail(request, exc)
            finally:
                cancels.pop(request.job_id, None)

    threads = [
        threading.Thread(target=read_messages, name="reader", daemon=True),
        threading.Thread(target=decode_stage, name="decoder", daemon=True),
        threading.Thread(target=encode_stage, name="encoder", daemon=True),
    ]
    for thread in threads:
        thread.start()
    while (item := decoded.get()) is not None:
        request, image, decode_s = item
        send(WorkStarted(request.job_id))
        cancel = cancels.get(request.job_id) or threading.Event()
        if cancel.is_set():
            fail(request, Cancelled())
            continue
        options = UpscaleOptions(model=request.model, scale=request.scale)
        last_sent = 0.0

        def progress(done: int, total: int, job_id: int = request.job_id) -> None:
            nonlocal last_sent
            now = time.monotonic()
            # The bot coalesces further; this only keeps the pipe from flooding on tiny tiles.
            if done == total or now - last_sent >= 0.1:
                last_sent = now
                send(WorkProgress(job_id, done, total))

        try:
            if request.mode in GENERATIVE_MODES:
                result = generative.upscale(
                    request.mode,
                    image,
                    CreativeOptions.from_job(request.options),
                    progress=progress,
                    cancel=cancel,
                )
            else:
                result = upscaler.upscale_image(image, options, progress=progress, cancel=cancel)
        except ValueError as exc:  # a bad generative option (preset, strength, a control)
            fail(request, InputError(str(exc)))
            continue
        except Exception as exc:
            fail(request, exc)
            continue
        finished.put((request, result, decode_s))
    finished.put(None)
    threads[2].join()


def gpu_memory_bytes() -> int | None:
    """GPU memory PyTorch's caching allocator holds in this process; None without CUDA."""
    import torch

    if not torch.cuda.is_available() or not torch.cuda.is_initialized():  # type: ignore[no-untyped-call]
        return None
    return int(torch.cuda.memory_reserved())


def device_memory(device: str) -> int:
    """Total memory of ``device``: the GPU's own for CUDA, the machine's RAM otherwise."""
    if device.startswith("cuda"):
        import torch

        return int(torch.cuda.get_device_properties(torch.device(device)).total_memory)
    import psutil

    return int(psutil.virtual_memory().total)
