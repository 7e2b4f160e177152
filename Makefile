# kitei — two commands do all set-up on a fresh machine: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml requirements.lock | sha256sum | cut -c1-12)
SAMPLE := corpus/docs/happymari.txt
MODEL := analyzer/classifier/clause_classifier.joblib
RULESETS := --ruleset isp-anshin-mark --ruleset pmark-jisq15001

.PHONY: install system-deps run dashboard check test lint fast eval model bench clean
PORT ?= 8501
DEBIAN_PACKAGES := chromium fonts-noto-cjk

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c requirements.lock -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

## Debian packages the browser test needs (Chromium, a CJK font); installed once, as root.
system-deps:
	@missing=""; for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q --no-install-recommends $$missing; \
	fi

## The clause classifier, built from the labelled corpus (fixed seed: reproducible, ~30 s).
$(MODEL): $(STAMP) $(wildcard corpus/labels/*.yaml) $(wildcard analyzer/classifier/*.py)
	$(BIN)/kitei train

## The main job: analyse the sample 規程, print the gap report, then open the dashboard
## (sample preloaded) on http://127.0.0.1:$(PORT)
run: install $(MODEL)
	$(BIN)/kitei check $(SAMPLE) $(RULESETS) --format markdown || test $$? -eq 1
	$(MAKE) --no-print-directory dashboard

dashboard: install $(MODEL)
	KITEI_SAMPLE=1 $(BIN)/streamlit run dashboard/app.py --server.headless true \
	  --server.address 127.0.0.1 --server.port $(PORT) --browser.gatherUsageStats false

check: install $(MODEL)
	$(BIN)/kitei check $(SAMPLE) $(RULESETS) --format table || test $$? -eq 1

lint: install
	$(BIN)/ruff check analyzer tests dashboard benchmarks
	$(BIN)/ruff format --check analyzer tests dashboard benchmarks

## The whole suite (installs first if needed).
test: install system-deps $(MODEL)
	$(BIN)/ruff check analyzer tests dashboard benchmarks
	KITEI_REQUIRE_BROWSER=1 $(BIN)/pytest -q

## Full evaluation on the labelled corpus (a few minutes): figures table + out/eval.json
eval: install
	$(BIN)/kitei eval --output out/eval.json

## Rebuild the classifier from the whole corpus (fixed seed: reproducible)
model: install
	$(BIN)/kitei train

## Benchmark against the naive full-GiNZA pipeline (~3 min): table + benchmarks/results/latest.{json,md}
bench: install $(MODEL)
	$(BIN)/python benchmarks/bench.py

fast: install
	$(BIN)/pytest -q -m "not slow and not browser"

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
