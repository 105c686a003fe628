# One-command entry points. `make test` and `make demo` set up .venv themselves.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# The offline copy of Azure/azure-rest-api-specs, when there is one beside the checkout.
MIRROR ?= $(or $(VMSS_SPEC_MIRROR),$(wildcard ../shared/azure-rest-api-specs))
API_VERSION ?=
# For a bump from GitHub (no mirror): the azure-rest-api-specs commit to pin new files at.
COMMIT ?=

.PHONY: test lint typecheck demo regenerate bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

lint: $(STAMP)
	$(VENV)/bin/ruff check .

typecheck: $(STAMP)
	$(VENV)/bin/mypy --strict wrapper/vmss_maintenance

test: lint typecheck
	$(PY) -m pytest

demo: $(STAMP)
	$(VENV)/bin/vmss-maintenance demo

regenerate: $(STAMP)
	$(PY) scripts/regenerate.py $(if $(MIRROR),--mirror $(MIRROR)) $(if $(API_VERSION),--api-version $(API_VERSION)) $(if $(COMMIT),--commit $(COMMIT))

bench: $(STAMP)
	$(PY) benchmarks/run.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache build dist
