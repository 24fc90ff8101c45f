"""`manage.py import_results`: one summary line, the follow-up recompute queued once, no log line per task."""

import logging
from io import StringIO

import pytest
from django.core.management import call_command

from assessments.models import Result
from assessments.risk.models import RiskRun
from tests.support.results_files import row, xlsx


@pytest.mark.django_db(
    transaction=True, serialized_rollback=True
)  # the follow-up runs on commit, inside the command as in production
def test_import_prints_one_summary_line_and_no_log_line_per_task(two_municipalities, tmp_path, caplog, settings):
    settings.RISK_RECOMPUTE_DEBOUNCE_SECONDS = 0
    path = tmp_path / "results.xlsx"
    path.write_bytes(xlsx([row(code="A-1", year=2023), row(code="A-1", year=2024), row(code="B-1", year=2024)]))
    out = StringIO()
    with caplog.at_level(logging.INFO):
        call_command("import_results", str(path), stdout=out, stderr=StringIO())
    assert out.getvalue().strip().splitlines() == ["Загружено. Создано: 3, обновлено: 0, без изменений: 0, ошибок: 0."]
    assert Result.objects.count() == 3
    # The follow-up ran (in-process without a broker): the lists the years feed (Y+1, Y+2) …
    assert set(RiskRun.objects.values_list("year", "municipality__code")) >= {
        (2024, "A01"),
        (2025, "A01"),
        (2026, "A01"),
        (2025, "B01"),
        (2026, "B01"),
    }
    # … from one task, without an INFO line per task.
    traced = [r for r in caplog.records if r.name.startswith("celery") and r.levelno < logging.WARNING]
    assert traced == []


@pytest.mark.django_db
def test_import_reports_progress_on_stderr_and_only_the_summary_on_stdout(two_municipalities, tmp_path):
    path = tmp_path / "results.xlsx"
    path.write_bytes(xlsx([row(code="A-1", year=2023), row(code="B-1", year=2024)]))
    out, err = StringIO(), StringIO()
    call_command("import_results", str(path), "--format", "json", stdout=out, stderr=err)
    assert len(out.getvalue().strip().splitlines()) == 1
    progress = err.getvalue().splitlines()
    assert progress[0] == "Файл прочитан, строк: 2."
    assert progress[1:] and all(line.startswith("Проверка и запись: ") for line in progress[1:])


@pytest.mark.django_db
def test_import_at_verbosity_zero_prints_no_progress(two_municipalities, tmp_path):
    path = tmp_path / "results.xlsx"
    path.write_bytes(xlsx([row(code="A-1", year=2023)]))
    err = StringIO()
    call_command("import_results", str(path), verbosity=0, stdout=StringIO(), stderr=err)
    assert err.getvalue() == ""
