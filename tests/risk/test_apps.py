"""The ШНОР lists as an app of their own: models, tables, content types, URLs, tasks and menu where they were."""

from importlib import import_module
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.urls import resolve, reverse

from assessments.risk.models import RiskRule, RiskRun

relabel = import_module("assessments.risk.migrations.0002_content_types").relabel


def test_app_config():
    config = apps.get_app_config("risk")
    assert (config.name, config.verbose_name, config.url_prefix) == (
        "assessments.risk",
        "Списки ШНОР и зона риска",
        "risk/",
    )
    assert {m.__name__ for m in config.get_models()} == {"RiskRule", "RiskRun"}


def test_models_keep_their_tables():
    assert (RiskRule._meta.app_label, RiskRule._meta.db_table) == ("risk", "assessments_riskrule")
    assert (RiskRun._meta.app_label, RiskRun._meta.db_table) == ("risk", "assessments_riskrun")
    assert [i.name for i in RiskRun._meta.indexes] == ["assessments_year_1875c9_idx"]


@pytest.mark.django_db
def test_content_types_relabelled_and_kept():
    """An old database's content types (and so permissions and admin log entries) move to the app, ids unchanged."""
    ContentType.objects.filter(app_label="risk").delete()
    old = ContentType.objects.create(app_label="assessments", model="riskrun")
    relabel(apps, SimpleNamespace(connection=connection))  # the migration's function, as `migrate` calls it
    moved = ContentType.objects.get(pk=old.pk)
    assert (moved.app_label, moved.model) == ("risk", "riskrun")
    assert not ContentType.objects.filter(app_label="assessments", model__startswith="risk").exists()
    ContentType.objects.clear_cache()
    assert ContentType.objects.get_for_model(RiskRun).pk == old.pk


def test_urls_and_tasks_unchanged():
    assert reverse("risk:list") == "/risk/"
    assert resolve("/risk/rule/").func.__module__ == "assessments.risk.views"
    assert reverse("risk-list", args=[2025]) == "/api/v1/risk-lists/2025/"
    from config.celery import app

    app.loader.import_default_modules()
    assert {
        "assessments.risk_tasks.risk_recompute_task",
        "assessments.risk_tasks.risk_recompute_debounced",
        "assessments.risk_tasks.risk_recompute_nightly",
    } <= set(app.tasks)
