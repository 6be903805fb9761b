# dlspec: every target sets up its own virtual environment in .venv first.
# Python 3.11 is expected (`python3 --version`); override with `make PYTHON=python3.11 ...`.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: help serve build test test-fast lab bench i18n i18n-stamp lock clean

help:
	@echo "make serve   build the site (lessons executed) and serve it on http://$(HOST):$(PORT)"
	@echo "make test    build the site, then run every test (what CI runs)"
	@echo "make lab     open the lessons in JupyterLab"
	@echo "make i18n    check the Japanese and Korean pages against English (missing, stale, diverging)"
	@echo "make i18n-stamp FILES=docs/ja/x.md   mark translations as following the current English"
	@echo "make bench   time an MLP training step, conv2d and max pooling in dlspec (and PyTorch, if installed); not part of make test"
	@echo "make build   build the site into site/ (mkdocs build --strict)"

# The venv is rebuilt whenever the pinned requirements or the package metadata change.
$(STAMP): requirements.txt requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -c requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (dlspec)" > /dev/null
	touch $(STAMP)

serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr $(HOST):$(PORT)

# Lessons and tests use small matrices: one BLAS thread each avoids oversubscribing the cores
# (the notebook kernels run beside the build), which made lessons 10x slower under load.
build: $(STAMP)
	OPENBLAS_NUM_THREADS=1 NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

# The site is built first: the built-site and browser tests read site/.
test: build
	OPENBLAS_NUM_THREADS=1 $(BIN)/python -m pytest

# Everything that does not need the built site (quick loop while editing).
test-fast: $(STAMP)
	OPENBLAS_NUM_THREADS=1 $(BIN)/python -m pytest -m "not site"

lab: $(STAMP)
	$(BIN)/python -m pip install --quiet -r requirements-lab.txt -c requirements.lock
	$(BIN)/jupyter lab --notebook-dir=lessons

# Benchmarks print figures; they are not tests. PyTorch is optional: `make bench` compares
# with it only when it is importable in .venv (e.g. `.venv/bin/pip install torch==2.13.0`).
# It takes about two minutes and ends with one line `ratio <case> <dtype> <dlspec/PyTorch>`
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
