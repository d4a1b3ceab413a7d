#!/usr/bin/env bash
# The whole test suite, as CI runs it: install what the tests need, start a throwaway
# Neo4j (profile "test", ports 17687/17474, auth on), run pytest, stop Neo4j.
# Extra arguments go to pytest (e.g. `bash scripts/test.sh -k lineage`).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PY:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -e '.[test]'

# The explorer is tested in a real headless browser: Debian's Chromium (Playwright drives
# it; its own browser download needs internet).
if ! command -v chromium >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "installing Debian chromium for the browser tests ..."
  $SUDO apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium >/dev/null
fi

export NEO4J_USER=neo4j
export NEO4J_PASSWORD="${PTMKG_TEST_NEO4J_PASSWORD:-ptmkg-test-$$-$RANDOM}"
export PTMKG_TEST_NEO4J=bolt://127.0.0.1:17687

stop_neo4j() { .venv/bin/ptmkg neo4j stop --profile test || true; }
trap stop_neo4j EXIT

# A fresh test server every run: a stale one (other password, old data) proves nothing.
.venv/bin/ptmkg neo4j stop --profile test >/dev/null 2>&1 || true
.venv/bin/ptmkg neo4j reset --profile test --yes >/dev/null
.venv/bin/ptmkg neo4j start --profile test --bolt-port 17687 --http-port 17474 --heap 2g --pagecache 1g

.venv/bin/python -m pytest "$@"
