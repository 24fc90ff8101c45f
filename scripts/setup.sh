#!/usr/bin/env bash
# Creates .venv and installs the pinned requirements (again only when they change).
# Usage: scripts/setup.sh [requirements file]
set -euo pipefail
cd "$(dirname "$0")/.."
REQ="${1:-requirements.txt}"
PY="${PYTHON:-python3}"

if ! "$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
  echo "Нужен Python 3.11 или новее (команда $PY)." >&2; exit 1
fi
# Debian ships venv and the libraries WeasyPrint draws PDFs with as separate packages.
if ! "$PY" -c 'import ensurepip, venv' 2>/dev/null || ! ldconfig -p 2>/dev/null | grep -q libpango-1.0; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv libpango-1.0-0 libpangoft2-1.0-0 \
      libharfbuzz0b fonts-dejavu-core >/dev/null
  else
    echo "Установите пакеты: sudo apt-get install python3-venv libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core" >&2
  fi
fi
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=".venv/.installed-$(cat requirements*.txt | sha256sum | cut -c1-16)-$(basename "$REQ")"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -r "$REQ"
  touch "$stamp"
fi
