# CivoDesk developer commands. `make run` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export QT_QPA_PLATFORM ?= offscreen

.PHONY: run test lint typecheck contracts pytest bench catalog clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[desktop,server,dev]"
	$(MAKE) --no-print-directory catalog
	touch $(STAMP)

## Compile the gettext catalogs (resources/translations/*/LC_MESSAGES/civodesk.po -> .mo).
catalog: $(BIN)/python
	$(BIN)/python -m civodesk.i18n_build compile

run: $(STAMP)
	QT_QPA_PLATFORM= $(BIN)/civodesk

test: $(STAMP)
	$(BIN)/ruff check civodesk ui sync tests bench
	$(BIN)/ruff format --check civodesk ui sync tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/python -m civodesk.i18n_build check
	$(BIN)/pytest -p tests.block_qt tests/core tests/sync
	$(BIN)/pytest tests/ui

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
