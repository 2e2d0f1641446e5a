# The two commands of the README's Quick start:
#   make report   sets up .venv, writes the sample district, runs the June job into reports/
#   make test     sets up .venv with the test tools and runs the whole suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SAMPLE := data/raw/sample
YEAR   := 2025-26
STAMP  := $(VENV)/.installed

.PHONY: report test sample clean browser

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

$(SAMPLE)/.sample-manifest.json: | $(STAMP)
	$(BIN)/induction-analysis sample --out $(SAMPLE)

sample: $(SAMPLE)/.sample-manifest.json

report: $(STAMP) sample
	$(BIN)/induction-analysis run --raw $(SAMPLE) --year $(YEAR) --out reports --processed data/processed

# The dashboards are checked in a real headless browser: Debian's Chromium.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests ..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

test: $(STAMP) browser
	$(BIN)/python -m pytest

clean:
	rm -rf $(SAMPLE) data/processed/*.parquet data/processed/*.csv reports/$(YEAR)
