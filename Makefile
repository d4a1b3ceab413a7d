# The two commands of the quick start, and a few for developers.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test install install-test docs neo4j-start neo4j-stop bench clean

$(BIN)/ptmkg: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	@touch $@

install: $(BIN)/ptmkg

## make demo: install, load the bundled real sample into the embedded store, report, and (in a terminal) serve the explorer.
demo: install
	$(BIN)/ptmkg demo

## make test: install test needs, start a throwaway Neo4j, run every test, stop Neo4j.
test:
	bash scripts/test.sh

docs: install
	$(BIN)/python -m ptmkg.cli.reference > docs/cli.md
	$(BIN)/ptmkg schema show > docs/schema.md

clean:
	rm -rf $(VENV) build *.egg-info
