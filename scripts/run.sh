#!/usr/bin/env bash
# One command: install, migrate, load demo data and serve Опора at http://127.0.0.1:8000/
# (SQLite file in var/, background tasks in-process; set DATABASE_URL / REDIS_URL to use services).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh requirements.txt
export DEBUG="${DEBUG:-true}"
mkdir -p var
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py seed_demo
exec .venv/bin/python manage.py runserver "${HOST:-127.0.0.1}:${PORT:-8000}"
