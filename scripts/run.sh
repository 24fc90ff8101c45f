#!/usr/bin/env bash
# One command: install, migrate, load demo data and serve Опора at http://127.0.0.1:8000/
# The demo is the product (DEBUG off, a secret key generated once for this machine in var/, static files served by
# WhiteNoise, gunicorn) on the embedded defaults: a SQLite file in var/ and background tasks in-process.
# Set DATABASE_URL / REDIS_URL to use services instead.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh requirements.txt
mkdir -p var
if [ ! -s var/secret_key ]; then
  (umask 077 && .venv/bin/python -c "import secrets; print(secrets.token_urlsafe(64))" > var/secret_key)
fi
export SECRET_KEY="${SECRET_KEY:-$(cat var/secret_key)}"
export DEBUG="${DEBUG:-false}"
export LOCAL_HTTP="${LOCAL_HTTP:-true}"
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost,$HOST}"
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py collectstatic --noinput --verbosity 0
.venv/bin/python manage.py seed_demo
echo "Опора: http://$HOST:$PORT/ (остановить — Ctrl+C)"
exec .venv/bin/gunicorn config.wsgi:application --bind "$HOST:$PORT" --workers 1 --threads 4 --timeout 300 \
  --access-logfile - --log-level warning
