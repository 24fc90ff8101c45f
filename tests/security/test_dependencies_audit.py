"""Known vulnerabilities in the pinned runtime dependencies (pip-audit over requirements.txt).

pip-audit asks PyPI's JSON API for each pin's advisories (https://pypi.org/pypi/NAME/VERSION/json). Where that
cannot be reached it reports every dependency as "not found on PyPI" — and exits 0: a green run that audited
nothing. So the test reads the JSON report, skips (marked `network`) when nothing could be audited, and fails when
only some pins were, or when any pin has a known vulnerability.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REQUIREMENTS = ROOT / "requirements.txt"
PIN = re.compile(r"^[A-Za-z0-9_.\[\]-]+==[A-Za-z0-9_.+-]+$")


def requirement_lines() -> list[str]:
    lines = (line.split("#")[0].strip() for line in REQUIREMENTS.read_text().splitlines())
    return [line for line in lines if line]


def test_every_runtime_requirement_is_pinned():
    """The audit reads versions from the file (--no-deps), so each one must be exact."""
    loose = [line for line in requirement_lines() if not PIN.match(line)]
    assert not loose, loose


@pytest.mark.network
def test_pinned_requirements_have_no_known_vulnerabilities():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip_audit",
            "--requirement",
            str(REQUIREMENTS),
            "--no-deps",
            "--disable-pip",
            "--format",
            "json",
            "--progress-spinner",
            "off",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    if not result.stdout.strip():
        pytest.fail(f"pip-audit gave no report (exit {result.returncode}):\n{result.stderr[-2000:]}")
    dependencies = json.loads(result.stdout)["dependencies"]
    unaudited = {d["name"]: d["skip_reason"] for d in dependencies if "skip_reason" in d}
    if len(unaudited) == len(dependencies):
        pytest.skip(f"pip-audit could not reach vulnerability data for any pin: {next(iter(unaudited.values()))}")
    assert not unaudited, f"pins pip-audit could not check: {unaudited}"
    vulnerable = {
        f"{d['name']}=={d['version']}": [(v["id"], v.get("fix_versions")) for v in d["vulns"]]
        for d in dependencies
        if d.get("vulns")
    }
    assert not vulnerable, f"known vulnerabilities (id, fixed in): {vulnerable}"
    assert len(dependencies) == len(requirement_lines())
