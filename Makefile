# The two commands: `make run` opens the app on the default preset; `make test` runs the tests
# (`make lint` checks the import contract, style and types). Each sets up a virtual environment (.venv)
# first. TORCH_SPEC picks the torch build to install when the venv has none (CI passes torch==2.13.0,
# a CPU build; users get the normal build).
PYTHON ?= python3
VENV ?= .venv
TORCH_SPEC ?= "torch>=2.10"
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LINT_STAMP := $(VENV)/.lint-installed

.PHONY: run test bench setup lint clean gpu-check i18n

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -c "import torch" 2>/dev/null || $(BIN)/python -m pip install --quiet $(TORCH_SPEC)
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

# The lint tools (pyproject.toml's `lint` extra), on top of the venv.
$(LINT_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[lint]"
	touch $(LINT_STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/nn-tui $(PRESET)

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/nn-tui bench

# The layers and forbidden imports (docs/DESIGN.md), then style, then types: all in pyproject.toml.
lint: $(LINT_STAMP)
	$(BIN)/lint-imports
	$(BIN)/ruff check tui tests
	$(BIN)/mypy tui

# The Spanish catalogue (docs/DESIGN.md §Languages): extract the marked messages, merge them into
# tui/locale/es/LC_MESSAGES/nn_tui.po (new ones untranslated: tests/i18n fails until they are), compile the .mo.
I18N_KEYWORDS := -k _ -k N_ -k ngettext:1,2
i18n: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg $(I18N_KEYWORDS) --no-default-keywords --no-location --sort-output \
		--project nn-tui -o tui/locale/nn_tui.pot .
	$(BIN)/pybabel update -i tui/locale/nn_tui.pot -d tui/locale -D nn_tui -l es --no-fuzzy-matching --init-missing \
		--ignore-obsolete --ignore-pot-creation-date
	$(BIN)/pybabel compile -d tui/locale -D nn_tui --statistics

# On a machine with a CUDA GPU: the CUDA tests, the benchmark, a real out-of-memory and the app, in one go.
gpu-check: $(STAMP)
	PYTHON=$(BIN)/python scripts/gpu-check.sh

clean:
	rm -rf $(VENV) build *.egg-info
