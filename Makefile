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
# Newer Pythons `make test-pythons` runs pytest on, each in its own .venv-X.Y, where installed.
PYTHON_VERSIONS ?= 3.12 3.13

.PHONY: test test-pythons lint typecheck demo regenerate bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# The client (with its test tools) and the emulator, its own distribution in emulator/.
INSTALL := -e '.[test]' -e ./emulator

$(STAMP): pyproject.toml emulator/pyproject.toml | $(PY)
	$(PY) -m pip install --quiet $(INSTALL)
	touch $(STAMP)

lint: $(STAMP)
	$(VENV)/bin/ruff check .

typecheck: $(STAMP)
	$(VENV)/bin/mypy --strict wrapper/vmss_maintenance emulator/vmss_maintenance_emulator

# Then the suite again on each of PYTHON_VERSIONS found, two at a time (`make test
# PYTHON_VERSIONS=` skips that).
test: lint typecheck
	$(PY) -m pytest
	@$(MAKE) --no-print-directory -j2 test-pythons

# pytest on each of PYTHON_VERSIONS, in .venv-X.Y: python3.X on PATH if it runs, else pyenv's
# install of it (a pyenv shim refuses a version that is not selected); a version found nowhere
# is skipped, not failed. `make test` runs them two at a time (on an idle 2-core machine that
# halves their wall time; on a busy one it gains little).
test-pythons: $(addprefix test-python-,$(PYTHON_VERSIONS))
	@true

test-python-%:
	@py=python$*; \
	if ! $$py -c '' 2>/dev/null; then \
	  py=$$(pyenv prefix $* 2>/dev/null)/bin/python$*; \
	  $$py -c '' 2>/dev/null || { echo "test-python-$*: python$* not found, skipped"; exit 0; }; \
	fi; \
	venv=.venv-$*; \
	if [ ! -f $$venv/.installed ] || [ pyproject.toml -nt $$venv/.installed ] \
	    || [ emulator/pyproject.toml -nt $$venv/.installed ]; then \
	  $$py -m venv $$venv && $$venv/bin/python -m pip install --quiet $(INSTALL) \
	    && touch $$venv/.installed || exit 1; \
	fi; \
	echo "test-python-$*: $$($$venv/bin/python --version)"; \
	$$venv/bin/python -m pytest -q -p no:cacheprovider

demo: $(STAMP)
	$(VENV)/bin/vmss-maintenance-emulator demo

regenerate: $(STAMP)
	$(PY) scripts/regenerate.py $(if $(MIRROR),--mirror $(MIRROR)) $(if $(API_VERSION),--api-version $(API_VERSION)) $(if $(COMMIT),--commit $(COMMIT))

bench: $(STAMP)
	$(PY) benchmarks/run.py

clean:
	rm -rf $(VENV) .venv-* .mypy_cache .ruff_cache .pytest_cache build dist
