"""Commands start fast: heavy libraries (matplotlib, WeasyPrint, pandas) are imported where they are used, and the
admin modules (django-import-export, openpyxl, numpy under them) with the URLs, not at every command's start."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("matplotlib", "weasyprint", "pandas")


def _run(code: str) -> str:
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_setup_and_task_discovery_import_no_heavy_library():
    # What a Celery worker and every command do at start: set Django up and load every app's tasks.
    code = (
        "import os, sys, importlib, importlib.util\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings')\n"
        "import django; django.setup()\n"
        "from django.apps import apps\n"
        "loaded = []\n"
        "for config in apps.get_app_configs():\n"
        "    if importlib.util.find_spec(config.name + '.tasks') is not None:\n"
        "        importlib.import_module(config.name + '.tasks'); loaded.append(config.name)\n"
        "print(','.join(loaded))\n"
        f"print(','.join(sorted(m for m in {HEAVY!r} if m in sys.modules)))\n"
    )
    tasks, heavy = _run(code).splitlines()
    assert "reports" in tasks.split(",")  # reports.tasks → selectors → core.charts is the chain that pulled pyplot
    assert heavy == ""


def _command_imports(*args: str) -> set[str]:
    """The modules `manage.py <args>` imports (full dotted names), from `python -X importtime`."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "manage.py", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "import_results" in result.stdout
    return {line.split("|")[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}


def test_import_results_help_imports_no_heavy_library():
    imported = {name.split(".")[0] for name in _command_imports("import_results", "--help")}
    assert not imported & set(HEAVY)


def test_import_results_help_imports_no_admin_module():
    # INSTALLED_APPS has SimpleAdminConfig: the admin modules load with config/urls.py. The import_export package
    # itself is an installed app (its templates), so only its own version module may load.
    imported = _command_imports("import_results", "--help")
    top = {name.split(".")[0] for name in imported}
    assert not top & {"openpyxl", "numpy"}
    assert {name for name in imported if name.startswith("import_export.")} <= {"import_export._version"}
    assert not {name for name in imported if name.endswith((".admin", ".admin_import"))}  # the apps' admin modules
