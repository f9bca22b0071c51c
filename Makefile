# Two commands do all the set-up: `make test` and `make serve`.
# Both create .venv (if needed) and install the locked dependencies into it.
# Override VENV and PYTHON to test another interpreter, e.g.
#   make test VENV=.venv-3.12 PYTHON=$(pyenv prefix 3.12.1)/bin/python

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
STAMP := $(VENV)/.installed
# --compile-bytecode: every test process imports faster from the first run (this
# machine sets PYTHONDONTWRITEBYTECODE, so nothing is ever compiled on import).
UV_SYNC = UV_PROJECT_ENVIRONMENT=$(VENV) $(UV) sync --locked --compile-bytecode --python $(BIN)/python
export NO_MKDOCS_2_WARNING := 1
# The site's Markdown extension (tools/symbol_snippets.py) is imported from the repo root.
export PYTHONPATH := $(CURDIR)

.PHONY: install test lint serve build lab notebooks bench faster fuzz clean exercises exercise

install: $(STAMP)

$(STAMP): pyproject.toml uv.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	test -x $(UV) || $(BIN)/python -m pip install --quiet uv==0.13.8
	$(UV_SYNC)
	touch $@

# The bench group (the peer frameworks, uvicorn's C parts, matplotlib), which only
# `make bench` installs, into the same .venv. A later sync by the rule above (after
# pyproject.toml or uv.lock change) removes it again, and this rule runs again.
BENCH_STAMP := $(VENV)/.installed-bench

$(BENCH_STAMP): $(STAMP)
	$(UV_SYNC) --group bench
	touch $@

# The code a reader sees on the site: formatted, 78 columns wide, and strictly typed.
# Every exercise's solution is a package named `solution`, so mypy checks them one by one
# (tools/mypy_each.py).
SOLUTIONS := $(wildcard exercises/part*/*/solution)
CODE := part1 part2 part3 part4 part5 part6 part7 $(SOLUTIONS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff check --config 'lint.pycodestyle.max-line-length = 78' $(CODE)
	$(BIN)/ruff format --check $(CODE)
	$(BIN)/mypy $(filter-out $(SOLUTIONS),$(CODE))
	$(BIN)/python -m tools.mypy_each $(SOLUTIONS)

# This machine sets PYTHONDONTWRITEBYTECODE; most readers' machines do not. Without
# bytecode caches, every test worker, server and kernel compiles the same modules
# again, and pytest rewrites every test file again: about 13 s of CPU per run here.
# The caches go to .cache/pycache, not to __pycache__ folders beside the code:
# `make serve` rebuilds the site whenever a file appears in a folder it watches
# (the parts, notebooks/, exercises/, tools/), and a test run would otherwise
# rebuild it a dozen times.
# `make lint` runs as one of the tests (tests/test_lint.py), beside the others.
test: $(STAMP)
	PYTHONDONTWRITEBYTECODE= PYTHONPYCACHEPREFIX=$(CURDIR)/.cache/pycache $(BIN)/python -m pytest --cov --cov-report=term

# Exercises (exercises/partN/NN-slug/). `make exercises` checks that every starter
# fails its tests and every solution passes them (`make test` checks it too);
# `make exercise NAME=part1/01-head-requests` runs one exercise's tests on your starter
# and says what still fails; add VERBOSE=1 for pytest's full report.
# Their bytecode goes to .cache too, out of the folders `make serve` watches.
exercises: $(STAMP)
	@PYTHONPYCACHEPREFIX=$(CURDIR)/.cache/pycache $(BIN)/python -m exercises

exercise: $(STAMP)
	$(if $(NAME),,$(error Say which one: make exercise NAME=part1/01-head-requests))
	@PYTHONPYCACHEPREFIX=$(CURDIR)/.cache/pycache $(BIN)/python -m exercises $(NAME) $(if $(filter-out 0,$(VERBOSE)),--verbose)

# Live reload: mkdocs serve polls the folders mkdocs.yml watches, and rebuilds when
# any file in them is written. `make test` writes nothing there (see above).
serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(STAMP)
	$(BIN)/mkdocs build --strict

# JupyterLab on 127.0.0.1, with the .venv kernel, opened at the repo root so that
# the part folders sit next to notebooks/. After editing a part, restart the
# kernel: a running notebook keeps the code it imported.
# Jupyter refuses to run as root unless told to, as it must be in a container.
lab: $(STAMP)
	$(BIN)/jupyter lab --ip=127.0.0.1 --ServerApp.root_dir=$(CURDIR) $(if $(filter 0,$(shell id -u)),--allow-root)

# Re-run every notebook (or NB=notebooks/part2.ipynb) and store its new outputs.
notebooks: $(STAMP)
	$(BIN)/python -m tests.notebooks $(NB)

# The benchmarks (a few minutes): Part 3 against raw ASGI apps, Starlette and other
# frameworks, in process and under uvicorn and granian; Parts 4 to 7 against Part 3;
# what a middleware layer costs (Part 5, Starlette, pure ASGI); the lab's steps. First
# the checks that need the bench group (tests/benchmarks/bench_checks.py). Prints the
# tables, writes benchmarks/results/ and the plots in docs/assets/. Uses wrk (load) and
# valgrind (instruction counts) when installed.
bench: $(BENCH_STAMP)
	$(BIN)/python -m pytest -n0 tests/benchmarks/bench_checks.py
	$(BIN)/python -m benchmarks

# The Performance page's "Make it faster" lab: applies the steps in benchmarks/lab/ to
# copies of part3/ (never to part3/ itself), one after another, and counts the
# instructions per request after each with valgrind (`apt-get install valgrind`).
faster: $(STAMP)
	$(BIN)/python -m benchmarks.lab

# The property tests (tests/reliability) with far more generated requests, from a
# fresh seed each run; `make test` runs a derandomized 75 to 300 per app.
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest tests/reliability/test_properties.py --hypothesis-show-statistics --timeout=900

clean:
	rm -rf site .cache .pytest_cache .coverage htmlcov
