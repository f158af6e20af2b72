# seller-central: every task is a target here; `make help` lists them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
SNAPSHOT := 2026-08-05-34dc93f
# Offline machines copy the pinned models from a local mirror; with no mirror, `make specs` downloads them.
SPECS_MIRROR ?= $(firstword $(wildcard ../shared/sp-api-models/$(SNAPSHOT)))
PORT ?= 8765

.PHONY: help venv specs generate check-generated lint typecheck test test-fast demo record record-live bench specs-update clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 18

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,redis]'
	touch $(STAMP)

venv: $(STAMP)  ## create .venv with the package and its development tools

specs/models/.verified: specs/lock.json | $(STAMP)
	$(PY) -m generator specs $(if $(SPECS_MIRROR),--mirror $(SPECS_MIRROR))
	touch $@

specs: $(STAMP)  ## fetch the pinned models (SPECS_MIRROR=<folder> copies a local mirror) and verify them
	$(PY) -m generator specs $(if $(SPECS_MIRROR),--mirror $(SPECS_MIRROR))
	touch specs/models/.verified

generate: specs/models/.verified  ## regenerate generated/selling_partner_api from the pinned models
	$(PY) -m generator generate

check-generated: specs/models/.verified  ## fail if generated/ differs from a fresh generation
	$(PY) -m generator check

lint: $(STAMP)  ## ruff lint and format check
	$(BIN)/ruff check facade generator tests benchmarks
	$(BIN)/ruff format --check facade generator tests benchmarks

typecheck: $(STAMP)  ## mypy --strict on the facade
	$(BIN)/mypy

test: specs/models/.verified  ## the whole suite: lint, types, generated-code check, every test
	$(MAKE) lint typecheck check-generated
	$(BIN)/pytest -q -n 2 --dist loadgroup

test-fast: $(STAMP)  ## the tests only, without the checks
	$(BIN)/pytest -q -n 2 --dist loadgroup

clean:  ## remove the virtual environment and fetched models
	rm -rf $(VENV) specs/models build *.egg-info
