# dlspec: every target sets up its own virtual environment in .venv first.
# Python 3.11 is expected (`python3 --version`); override with `make PYTHON=python3.11 ...`.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000

# bash, so that a pipe (pip's output trimmed to one line per package) fails when pip fails.
SHELL       := /bin/bash
.SHELLFLAGS := -o pipefail -c

# What every target that builds the site or runs lessons runs with. Lessons and tests use small
# matrices: one BLAS thread per process avoids oversubscribing the cores (the hook runs one
# lesson kernel per core beside the build), which made lessons 10x slower under load. The
# second variable hides Material's end-of-life banner (material/templates/__init__.py prints
# it whenever `mkdocs` runs; the move to its successor is tracked separately).
SITE_ENV := OPENBLAS_NUM_THREADS=1 NO_MKDOCS_2_WARNING=1

# pip, one line per package instead of silence (a first install takes a minute or two).
PIP_SHOW := grep --line-buffered -E '^(Collecting|Installing collected|Successfully installed)' | \
            sed -u -E -e 's/^Installing collected packages: .*/unpacking and installing them.../' \
                      -e 's/^Successfully installed .*/done./' -e 's/^/    /'

.PHONY: help serve build test test-fast lab bench i18n i18n-stamp lock clean

help:
	@echo "make serve   build the site (lessons executed) and serve it on http://$(HOST):$(PORT)"
	@echo "make test    build the site, then run every test (what CI runs)"
	@echo "make lab     open the lessons in JupyterLab (installs JupyterLab into .venv the first time)"
	@echo "make i18n    check the Japanese and Korean pages against English (missing, stale, diverging)"
	@echo "make i18n-stamp FILES=docs/ja/x.md   mark translations as following the current English"
	@echo "make bench   time an MLP training step, conv2d, max pooling, an LSTM and multi-head attention in dlspec (and PyTorch, if installed); not part of make test"
	@echo "make build   build the site into site/ (mkdocs build --strict)"

# The venv is rebuilt whenever the pinned requirements or the package metadata change.
$(STAMP): requirements.txt requirements.lock pyproject.toml
	@echo "Setting up $(VENV) with the pinned packages of requirements.txt (once; again only when they change)"
	$(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@echo "  installing MkDocs, Material, the notebook tools, NumPy, matplotlib, scikit-learn, pytest:"
	@$(BIN)/python -m pip install --progress-bar off -r requirements.txt -c requirements.lock | $(PIP_SHOW)
	@echo "  installing dlspec itself (editable) and the lessons' Jupyter kernel"
	@$(BIN)/python -m pip install --quiet --no-deps -e .
	@$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (dlspec)" > /dev/null
	@touch $(STAMP)
	@echo "$(VENV) is ready."

# The first build executes every lesson (one kernel per core; the build prints a line per
# lesson) before the server starts; later builds reuse the executed lessons in .cache/.
serve: $(STAMP)
	@echo "Building the site, then serving it on http://$(HOST):$(PORT)/ (Ctrl-C stops)"
	$(SITE_ENV) $(BIN)/mkdocs serve --dev-addr $(HOST):$(PORT)

build: $(STAMP)
	$(SITE_ENV) $(BIN)/mkdocs build --strict

# The site is built first: the built-site and browser tests read site/.
test: build
	$(SITE_ENV) $(BIN)/python -m pytest

# Everything that does not need the built site (quick loop while editing).
test-fast: $(STAMP)
	$(SITE_ENV) $(BIN)/python -m pytest -m "not site"

# JupyterLab refuses to start as root (containers, cloud notebooks) without --allow-root, and
# with no display there is no browser to open: the flags are added only in those cases.
LAB_STAMP := $(VENV)/.lab-installed
LAB_FLAGS := $(if $(filter 0,$(shell id -u)),--allow-root) \
             $(if $(or $(DISPLAY),$(WAYLAND_DISPLAY),$(filter Darwin,$(shell uname -s))),,--no-browser)

$(LAB_STAMP): requirements-lab.txt $(STAMP)
	@echo "Installing $$(grep -v '^#' requirements-lab.txt | tr '\n' ' ')into $(VENV) (once, for make lab only):"
	@$(BIN)/python -m pip install --progress-bar off -r requirements-lab.txt -c requirements.lock | $(PIP_SHOW)
	@touch $(LAB_STAMP)

lab: $(LAB_STAMP)
	@echo "Opening lessons/ in JupyterLab with the kernel \"Python 3 (dlspec)\" (dlspec installed); Ctrl-C stops"
	@$(if $(findstring no-browser,$(LAB_FLAGS)),echo "No display here: open the http://127.0.0.1:8888/lab?token=... address printed below")
	$(BIN)/jupyter lab --notebook-dir=lessons --KernelManager.transport_encryption=auto $(strip $(LAB_FLAGS))

# Benchmarks print figures; they are not tests. PyTorch is optional: `make bench` compares
# with it only when it is importable in .venv (e.g. `.venv/bin/pip install torch==2.13.0`).
# It takes about three minutes and ends with one line `ratio <case> <dtype> <dlspec/PyTorch>`
# per case and dtype.
bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

# Translators: exit status 1 on missing or diverging translations; stale ones come with the
# English diff since the translation.
i18n: $(STAMP)
	$(BIN)/python scripts/i18n_check.py --diff

i18n-stamp: $(STAMP)
	@test -n "$(FILES)" || { echo "usage: make i18n-stamp FILES='docs/ja/c1/w2.md ...'"; exit 2; }
	$(BIN)/python scripts/i18n_check.py --stamp $(FILES)

lock: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^dlspec' > requirements.lock.tmp
	{ echo "# Resolved versions of everything in requirements.txt (used as pip constraints)."; \
	  echo "# Regenerate with \`make lock\` after changing requirements.txt."; \
	  cat requirements.lock.tmp; } > requirements.lock && rm requirements.lock.tmp

clean:
	rm -rf site .cache $(VENV)
