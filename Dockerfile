# GPU image: PyTorch with CUDA. Run with the NVIDIA container toolkit: docker run --gpus all,
# or `docker compose up -d` with docker-compose.yml.
FROM pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime

# Metrics and health stay off until UPSCALE_METRICS__PORT is set; inside a container they
# listen on every interface so a published port (bound to the host's 127.0.0.1) reaches them.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    UPSCALE_STORAGE__DATA_DIR=/data \
    UPSCALE_METRICS__HOST=0.0.0.0

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY engine ./engine
COPY storage ./storage
COPY config ./config
# torch comes from the base image; pip sees it satisfied and keeps the CUDA build.
RUN pip install . \
    && useradd --create-home --uid 10001 upscale \
    && mkdir -p /data && chown upscale:upscale /data

USER upscale
VOLUME ["/data"]
# /healthz when UPSCALE_METRICS__PORT is set, the heartbeat file otherwise.
HEALTHCHECK --interval=60s --timeout=10s --start-period=120s --retries=3 \
    CMD ["upscale-bot", "health"]
# SIGTERM stops gracefully: running jobs get UPSCALE_QUEUE__SHUTDOWN_GRACE_S (8 s, within
# Docker's 10 s), the rest resume at the next start without spending an attempt.
STOPSIGNAL SIGTERM
CMD ["upscale-bot", "run"]
