# kitei — two commands do all set-up on a fresh machine: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml requirements.lock | sha256sum | cut -c1-12)
SAMPLE := corpus/docs/happymari.txt
RULESETS := --ruleset isp-anshin-mark --ruleset pmark-jisq15001

.PHONY: install run check test lint fast eval model bench clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c requirements.lock -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

## The main job: analyse the sample 規程 and print the gap report.
run: install
	$(BIN)/kitei check $(SAMPLE) $(RULESETS) --format markdown || test $$? -eq 1

check: install
	$(BIN)/kitei check $(SAMPLE) $(RULESETS) --format table || test $$? -eq 1

lint: install
	$(BIN)/ruff check analyzer tests dashboard benchmarks
	$(BIN)/ruff format --check analyzer tests dashboard benchmarks

## The whole suite (installs first if needed).
test: install
	$(BIN)/ruff check analyzer tests dashboard benchmarks
	$(BIN)/pytest -q

## Full evaluation on the labelled corpus (a few minutes): figures table + out/eval.json
eval: install
	$(BIN)/kitei eval --output out/eval.json

## Rebuild the shipped classifier from the whole corpus (fixed seed: reproducible)
model: install
	$(BIN)/kitei train

fast: install
	$(BIN)/pytest -q -m "not slow and not browser"

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
