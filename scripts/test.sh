#!/usr/bin/env bash
# One command: install the test tools and run the whole suite.
# Without DATABASE_URL it runs on SQLite; with DATABASE_URL and REDIS_URL (as .ci/run sets them) on PostgreSQL,
# and the tests marked `worker` start a real Celery worker.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh requirements-dev.txt

# The browser tests drive Debian's Chromium (tests/browser) and render downloaded PDFs with poppler.
if [ ! -x /usr/bin/chromium ] || ! command -v pdftoppm >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null
  else
    echo "Нужны пакеты chromium и poppler-utils: sudo apt-get install chromium poppler-utils" >&2
  fi
fi
exec .venv/bin/python -m pytest -n "${TEST_WORKERS:-2}" "$@"
