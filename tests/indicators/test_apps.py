"""The indicators are an app of their own (programs.indicators, label «indicators») over the tables they had as
models of programs; their receivers are connected in ready(); the content types follow them on migrate."""

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models.signals import post_save

from programs.indicators.models import Indicator, IndicatorFact, IndicatorValue


def test_app_config():
    config = apps.get_app_config("indicators")
    assert config.name == "programs.indicators"
    assert config.verbose_name == "Показатели программ"
    assert config.url_prefix == "indicators/"
    assert {m.__name__ for m in config.get_models()} >= {"Indicator", "IndicatorFact", "IndicatorValue"}


def test_models_keep_their_tables():
    assert [m._meta.app_label for m in (Indicator, IndicatorFact, IndicatorValue)] == ["indicators"] * 3
    assert Indicator._meta.db_table == "programs_indicator"
    assert IndicatorFact._meta.db_table == "programs_indicatorfact"
    assert IndicatorValue._meta.db_table == "programs_indicatorvalue"
    assert Indicator.history.model._meta.db_table == "programs_historicalindicator"
    assert IndicatorFact.history.model._meta.db_table == "programs_historicalindicatorfact"
    assert IndicatorValue.history.model._meta.db_table == "programs_historicalindicatorvalue"


def test_receivers_connected_in_ready():
    """The signals module is imported by IndicatorsConfig.ready(), not as a side effect of loading the models."""
    from programs.indicators import signals
    from programs.models import ProgramParticipant

    with open(apps.get_app_config("indicators").path + "/models.py", encoding="utf-8") as f:
        assert "import signals" not in f.read()
    uids = {key[0] for key, *_rest in post_save.receivers}
    assert "indicators_True_programs.ProgramParticipant" in uids
    assert signals.SCHOOL_RECORDS
    assert post_save.has_listeners(ProgramParticipant)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migration_moves_content_types():
    """On a database migrated before the move, the content types (and so permissions) keep their rows and pks."""
    executor = MigrationExecutor(connection)
    executor.migrate([("programs", "0005_indicator_population"), ("indicators", None)])
    old_apps = executor.loader.project_state([("programs", "0005_indicator_population")]).apps
    ContentType = old_apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(model__contains="indicator").delete()
    ct = ContentType.objects.create(app_label="programs", model="indicator")
    history_ct = ContentType.objects.create(app_label="programs", model="historicalindicatorvalue")
    clash = ContentType.objects.create(app_label="indicators", model="indicatorfact")
    fact_ct = ContentType.objects.create(app_label="programs", model="indicatorfact")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from django.contrib.contenttypes.models import ContentType as CT

    CT.objects.clear_cache()
    assert CT.objects.get(pk=ct.pk).app_label == "indicators"
    assert CT.objects.get(pk=history_ct.pk).app_label == "indicators"
    assert CT.objects.get(pk=fact_ct.pk).app_label == "indicators"
    assert not CT.objects.filter(pk=clash.pk).exists()
    assert not CT.objects.filter(app_label="programs", model__contains="indicator").exists()
