"""Every runtime requirement is used by the code, and the XML hardening openpyxl gets from defusedxml is on."""

import re
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("assessments", "config", "core", "demo", "mentoring", "programs", "reports", "schools")
# Requirements the code reaches through the command line or another library rather than an import or a dotted
# path in the settings: each names where.
INDIRECT = {
    "gunicorn": "docker-compose.yml and the Dockerfile start it",
    "psycopg": "the PostgreSQL engine of DATABASE_URL",
    "redis": "Celery's broker and django-redis",
    "defusedxml": "openpyxl parses through it when installed (test below)",
}


def runtime_requirements() -> list[str]:
    names = []
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            names.append(re.split(r"[=<>\[ ]", line)[0].lower())
    return names


def imported_modules() -> set[str]:
    found = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            for match in re.finditer(r"^\s*(?:from|import)\s+([A-Za-z_][\w]*)", path.read_text(), re.M):
                found.add(match.group(1))
    # Apps, middleware and backends named by dotted path in the settings.
    settings = (ROOT / "config" / "settings.py").read_text()
    found.update(re.findall(r"[\"']([A-Za-z_]\w*)(?:\.[\w.]+)?[\"']", settings))
    return found


def test_every_runtime_requirement_is_used():
    modules_of = {}
    for module, dists in packages_distributions().items():
        for dist in dists:
            modules_of.setdefault(dist.lower().replace("_", "-"), set()).add(module)
    imported = imported_modules()
    unused = [
        name for name in runtime_requirements() if name not in INDIRECT and not (modules_of.get(name, set()) & imported)
    ]
    assert unused == []


def test_openpyxl_parses_workbooks_through_defusedxml():
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML
