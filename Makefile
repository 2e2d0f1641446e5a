# The two commands of the README's Quick start:
#   make report   sets up .venv from uv.lock, writes the sample district, runs the June job into reports/
#   make test     the same set-up, then the whole suite, the notebooks included (run by nbval against what report wrote)
# and:
#   make lab      JupyterLab on notebooks/, with the project's kernel (induction-analysis)
#   make lint     ruff check and ruff format --check (make test runs it); make format rewrites the files to the style
#   make lock     resolves pyproject.toml's dependencies again into uv.lock (UPGRADE=1: the newest versions allowed)
#   make dictionary  writes the generated part of docs/data-dictionary.md (the output of induction-analysis dictionary)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SAMPLE := data/raw/sample
YEAR   := 2025-26
STAMP  := $(VENV)/.installed
KERNEL := induction-analysis

# uv, at this version, installs the environment; it is itself installed from PyPI into .tools/ (git-ignored),
# a folder per version (a new UV_VERSION installs anew)
UV_VERSION := 0.13.9
UV     := .tools/uv-$(UV_VERSION)/bin/uv
export UV_PYTHON_DOWNLOADS := never
# one environment for every target: the package (editable), the test tools and JupyterLab, as uv.lock has them
EXTRAS := --extra test --extra lab

.PHONY: report test sample clean browser lab lock dictionary lint format

$(UV):
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --no-warn-script-location --target .tools/uv-$(UV_VERSION) uv==$(UV_VERSION)

# --locked: uv.lock must match pyproject.toml (run `make lock` after changing the dependencies), or this stops
$(STAMP): pyproject.toml uv.lock | $(UV)
	$(UV) sync --quiet --locked $(EXTRAS) --python $(PYTHON)
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python ($(KERNEL))" >/dev/null
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

# report first: the notebooks' defaults read what it writes (reports/2025-26/tables, data/processed)
test: report browser lint
	UV=$(abspath $(UV)) $(BIN)/python -m pytest

# House style (settings in pyproject.toml's [tool.ruff]); `make format` rewrites the files to it
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# LAB_OPTIONS: more options for JupyterLab (a check starts it with --no-browser --port=...); as root (a container,
# this project's CI machine), JupyterLab wants --allow-root
lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_OPTIONS)

lock: | $(UV)
	$(UV) lock $(if $(UPGRADE),--upgrade) --python $(PYTHON)

# docs/data-dictionary.md: its hand-written head, down to the line that says the rest is generated, then what
# `induction-analysis dictionary` prints (a test checks that the file is exactly that)
DICTIONARY := docs/data-dictionary.md
dictionary: $(STAMP)
	sed '/^<!-- Everything below this line is the output of `induction-analysis dictionary`/q' $(DICTIONARY) > $(DICTIONARY).new
	$(BIN)/induction-analysis dictionary >> $(DICTIONARY).new
	mv $(DICTIONARY).new $(DICTIONARY)

clean:
	rm -rf $(SAMPLE) data/processed/*.parquet data/processed/*.csv reports/$(YEAR)
