# GPU image: PyTorch with CUDA. Run with the NVIDIA container toolkit: docker run --gpus all.
FROM pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    UPSCALE_STORAGE__DATA_DIR=/data

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
HEALTHCHECK --interval=60s --timeout=10s --start-period=120s --retries=3 \
    CMD ["upscale-bot", "health"]
CMD ["upscale-bot", "run"]
