# Two commands do all the set-up on a fresh machine:
#   make run    create .venv, install torch 2.13.0 then upscale-bot, start the bot
#               (without a configured token: the playground, the bot in your browser)
#   make test   create .venv, install the dev extras, run ruff, mypy and pytest
# torch is pinned and installed first: a plain `torch` requirement would pull the CUDA build.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
TORCH  ?= torch==2.13.0

.PHONY: run playground screenshot test test-fast lint typecheck pytest bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install $(TORCH)
	$(BIN)/pip install -e .
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed
	$(BIN)/pip install -e '.[dev]'
	scripts/install-peer-libs
	scripts/install-redis-server
	scripts/install-chromium
	touch $@

run: $(VENV)/.installed
	$(BIN)/upscale-bot run --playground-if-no-token

playground: $(VENV)/.installed
	$(BIN)/upscale-bot playground

screenshot: $(VENV)/.dev-installed
	scripts/playground-screenshot

test: $(VENV)/.dev-installed lint typecheck pytest

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.dev-installed
	$(BIN)/mypy

pytest: $(VENV)/.dev-installed
	$(BIN)/pytest

# The fast tier: no engine, no end-to-end, no Redis; torch cannot even be imported.
test-fast: $(VENV)/.dev-installed
	PYTHONPATH=scripts/without-torch:$(CURDIR) $(BIN)/pytest -q -m "not engine and not e2e and not redis" --ignore=tests/engine --ignore=tests/e2e --ignore=tests/chaos

bench: $(VENV)/.dev-installed
	$(BIN)/python -m bench.ledger
	$(BIN)/python -m bench.engine
	$(BIN)/python -m bench.engine --fidelity
	$(BIN)/python -m bench.queue
	$(BIN)/python -m bench.bot
	$(BIN)/python -m bench.workers

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
