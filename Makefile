# seller-central: every task is a target here; `make help` lists them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
# Offline machines copy the pinned models from a local mirror. MODELS_MIRROR=<folder> names it: one snapshot
# (a folder holding models/ and a SOURCE file) or a folder of snapshots, of which the one whose SOURCE names the
# pinned commit is used. SPECS_MIRROR=<snapshot> is the older name and still works. Without either, the mirror
# is looked for beside the checkout, in shared/sp-api-models next to the repository's main folder (worktrees
# find the main checkout's). With no mirror at all, `make specs` downloads the models.
SPECS_MIRROR ?=
MAIN_CHECKOUT := $(abspath $(dir $(shell git rev-parse --path-format=absolute --git-common-dir 2>/dev/null || echo $(CURDIR)/.git)))
MODELS_MIRROR ?= $(or $(SPECS_MIRROR),$(wildcard $(abspath $(MAIN_CHECKOUT)/../shared/sp-api-models)))
SPECS_SOURCE = $(if $(MODELS_MIRROR),$(if $(wildcard $(MODELS_MIRROR)/SOURCE),--mirror,--mirror-root) $(MODELS_MIRROR))
PORT ?= 8765

.PHONY: help venv sandbox specs generate check-generated lint typecheck test test-fast demo record record-live bench specs-update clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 18

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,redis]'
	touch $(STAMP)

venv: $(STAMP)  ## create .venv with the package and its development tools

demo: $(STAMP)  ## THE MAIN JOB: start the local sandbox and run every connector action through the CLI
	$(BIN)/seller-central sandbox tour

sandbox: $(STAMP)  ## serve the local sandbox on PORT (default 8765) until Ctrl-C
	$(BIN)/seller-central sandbox serve --port $(PORT)

specs/models/.verified: specs/lock.json | $(STAMP)
	$(PY) -m generator specs $(SPECS_SOURCE)
	touch $@

specs: $(STAMP)  ## fetch the pinned models (MODELS_MIRROR=<folder> copies a local mirror) and verify them
	$(PY) -m generator specs $(SPECS_SOURCE)
	touch specs/models/.verified

generate: specs/models/.verified  ## regenerate generated/selling_partner_api from the pinned models, and the clients' action and workflow methods
	$(PY) -m generator generate
	$(PY) -m seller_central.actions._render

check-generated: specs/models/.verified  ## fail if generated/ or the clients' action or workflow methods differ from a fresh render
	$(PY) -m generator check
	$(PY) -m seller_central.actions._render --check

# The models, lock, generated package and changelog change together or not at all; the stamp is touched
# afterwards so `make generate` does not fetch the models again.
specs-update: $(STAMP)  ## move to other models: COMMIT=<sha> downloads, MIRROR=<folder> copies; regenerates
	$(PY) -m generator update $(if $(COMMIT),--commit $(COMMIT)) $(if $(MIRROR),--mirror $(MIRROR)) $(if $(ALLOW_REMOVED),--allow-removed)
	touch specs/models/.verified

lint: $(STAMP)  ## ruff lint and format check
	$(BIN)/ruff check facade generator tests benchmarks
	$(BIN)/ruff format --check facade generator tests benchmarks

typecheck: $(STAMP)  ## mypy --strict on the facade
	$(BIN)/mypy

# The generated-code check runs inside pytest (tests/generator/test_pipeline.py: check() on main, twice, and
# the two generations must be identical), so `test` does not run `check-generated` a third time.
test: specs/models/.verified  ## the whole suite: lint, types, every test (the generated-code check included)
	$(MAKE) lint typecheck
	$(BIN)/pytest -q -n 2 --dist loadgroup

test-fast: $(STAMP)  ## the tests only, without lint and types (the models must be fetched: make specs)
	@test -f specs/models/.verified || { echo "The pinned models are not fetched: run make specs first." >&2; exit 2; }
	$(BIN)/pytest -q -n 2 --dist loadgroup

# Cassettes (tests/cassettes): CI replays them with recording off and needs no server. `record` re-records
# them against the local sandbox, which the test session starts on a free port; `rewrite` drops each old
# cassette first, so a changed test never replays a stale exchange. Both then replay and secret-scan them.
CASSETTES := tests/cassettes
LIVE_CREDENTIALS := SP_API_CLIENT_ID SP_API_CLIENT_SECRET SP_API_REFRESH_TOKEN

record: $(STAMP)  ## re-record the cassettes against the local sandbox, then replay and scan them
	$(BIN)/pytest -q -m vcr --record-mode=rewrite $(CASSETTES)
	$(BIN)/pytest -q $(CASSETTES)

# The credentials are checked before anything else runs (the environment is only set up once they are there).
record-live:  ## re-record the cassettes against Amazon's sandbox (needs SP_API_* credentials)
	@missing=""; for name in $(LIVE_CREDENTIALS); do [ -n "$${!name}" ] || missing="$$missing $$name"; done; \
	if [ -n "$$missing" ]; then \
		echo "record-live records against Amazon's sandbox and needs real credentials; missing:$$missing." >&2; \
		echo "Set them (see the README's connection setup), or run 'make record' to use the local sandbox." >&2; \
		exit 2; \
	fi
	@$(MAKE) --no-print-directory venv
	SELLER_CENTRAL_CASSETTES=live $(BIN)/pytest -q -m vcr --record-mode=rewrite $(CASSETTES)
	$(BIN)/pytest -q $(CASSETTES)

# Benchmarks are not tests: they install the other two clients into benchmarks/.venv-others (git-ignored)
# and rewrite benchmarks/RESULTS.md. BENCH_ARGS=--quick for a shorter run.
bench: | $(STAMP)  ## side by side with python-amazon-sp-api and amzn-sp-api; writes benchmarks/RESULTS.md
	$(PY) benchmarks/run.py $(BENCH_ARGS)

clean:  ## remove the virtual environment and fetched models
	rm -rf $(VENV) specs/models build *.egg-info
