#!/usr/bin/env bash
# One command: install the test tools and run the whole suite.
# Without DATABASE_URL it runs on SQLite; with DATABASE_URL and REDIS_URL (as .ci/run sets them) on PostgreSQL,
# and the tests marked `worker` start a real Celery worker.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh requirements-dev.txt
exec .venv/bin/python -m pytest -n "${TEST_WORKERS:-2}" "$@"
