# Two commands on a fresh machine: `make demo` and `make test`. Each sets up
# .venv, installs the pinned dependencies, builds (incrementally), and runs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DEPS_STAMP := $(VENV)/.deps-installed
BUILD_STAMP := $(VENV)/.build-installed
# The editable install maps each Python module it saw at install time, so a
# new module needs a reinstall too (cheap: the native build is incremental).
INSTALL_INPUTS := $(shell find cpp theano_mlir -type f -not -path '*/__pycache__/*') \
                  CMakeLists.txt pyproject.toml

.PHONY: all build demo test test-style test-lit test-cpp test-python format fuzz clean

all: build

$(DEPS_STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# An editable install: Python sources are used in place; the native library,
# the generated op builders and theano-mlir-opt are built in build/ (kept
# between runs, so rebuilding is incremental) and installed into .venv.
$(BUILD_STAMP): $(DEPS_STAMP) $(INSTALL_INPUTS)
	$(PY) -m pip install --quiet --disable-pip-version-check \
	    --no-build-isolation --no-deps --editable .
	touch $@

build: $(BUILD_STAMP)

demo: build
	$(PY) examples/seeds.py

test: test-style test-lit test-cpp test-python

# House checks: the formatters (pyproject's [tool.ruff], .clang-format) and
# the Python layers contract (pyproject's [tool.importlinter]).
CPP_SOURCES = $(shell find cpp -name '*.cpp' -o -name '*.h')
test-style: build
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	@echo "$(VENV)/bin/clang-format --dry-run --Werror <the $(words $(CPP_SOURCES)) files under cpp/>"
	@$(VENV)/bin/clang-format --dry-run --Werror $(CPP_SOURCES)
	$(VENV)/bin/lint-imports

# Applies the formatters.
format: $(DEPS_STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/clang-format -i $(CPP_SOURCES)

test-lit: build
	$(VENV)/bin/lit --verbose cpp/test

test-cpp: build
	$(VENV)/bin/ctest --test-dir build/native --output-on-failure

test-python: build
	$(PY) -m pytest -q tests

# The differential suite's long profile: N random graphs (each checked
# against numpy, across modes, kernels, exports, gradients and bad inputs),
# in child processes; ends with the line `N passed, M failed`.
N ?= 10000
fuzz: build
	PYTHONPATH=tests $(PY) -m differential.runner --graphs $(N) --report fuzz-failures.json

clean:
	rm -rf build $(VENV)

# The peers' environments for benchmarks/run.py and compile_time.py, each
# system in its own interpreter: JAX and PyTorch (CPU) in .venv-peers,
# Theano 1.0.5 with numpy 1.23.5 in .venv-theano (Python 3.11), PyTensor in
# .venv-pytensor where a Python >= 3.12 is found. Then:
#   .venv/bin/python benchmarks/run.py [--threads 1]
#   .venv/bin/python benchmarks/compile_time.py --jax-python .venv-peers/bin/python
.PHONY: peers
# The first of these that runs and is new enough (pyenv's shims exist for
# versions that are not selected, and fail).
find_python = $(firstword $(foreach p,$(1),$(shell $(p) -c 'import sys; assert sys.version_info >= $(2)' 2>/dev/null && echo $(p))))
PYTHON311 ?= $(call find_python,python3.11 $(wildcard $(HOME)/.pyenv/versions/3.11*/bin/python3) $(PYTHON),(3, 11))
PYTHON312 ?= $(call find_python,python3.12 python3.13 $(wildcard $(HOME)/.pyenv/versions/3.1[2-9]*/bin/python3),(3, 12))
peers: .venv-peers/.installed .venv-theano/.installed $(if $(PYTHON312),.venv-pytensor/.installed)

.venv-peers/.installed: benchmarks/requirements-peers.txt
	$(PYTHON) -m venv .venv-peers
	.venv-peers/bin/pip install --quiet --disable-pip-version-check -r $<
	touch $@

.venv-theano/.installed: conformance/requirements-baseline.txt
	$(PYTHON311) -m venv .venv-theano
	.venv-theano/bin/pip install --quiet --disable-pip-version-check -r $<
	touch $@

.venv-pytensor/.installed: benchmarks/requirements-pytensor.txt
	$(PYTHON312) -m venv .venv-pytensor
	.venv-pytensor/bin/pip install --quiet --disable-pip-version-check -r $<
	touch $@

# Theano 1.0.5's own test files (from the theano sdist, downloaded into
# build/conformance/) run unchanged against theano_mlir through the alias:
# per file, how many of the tests that pass on Theano 1.0.5 pass here; per
# test, build/conformance/results.json. A report: exits 0 whatever the share.
# CONFORMANCE_FILES picks files (e.g. tensor/tests/test_var.py). See
# conformance/README.md.
.PHONY: conformance conformance-baseline
CONFORMANCE_FILES ?=
conformance: build
	$(PY) conformance/run.py $(CONFORMANCE_FILES)

# Rewrites conformance/theano-1.0.5-passing.txt by running the same files on
# real Theano 1.0.5, in a scratch venv outside the repository (made if
# missing; long: see conformance/README.md).
BASELINE_VENV ?= /tmp/theano105-venv
conformance-baseline:
	$(PYTHON) conformance/run.py --baseline --venv $(BASELINE_VENV) $(CONFORMANCE_FILES)
