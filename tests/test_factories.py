"""A factory for every model of the project's apps (tests/factories), each building a valid, saved row alone."""

import factory
import pytest
from django.apps import apps
from simple_history.models import HistoricalChanges

import tests.factories

PROJECT_APPS = (
    "core",
    "schools",
    "assessments",
    "risk",
    "programs",
    "indicators",
    "effect",
    "mentoring",
    "reports",
    "demo",
)
FACTORIES = {
    f._meta.model: f
    for f in vars(tests.factories).values()
    if isinstance(f, type) and issubclass(f, factory.django.DjangoModelFactory)
}


def project_models() -> list:
    """The project's own models; simple_history's Historical* ones are generated from them and get none."""
    return [m for m in apps.get_models() if m._meta.app_label in PROJECT_APPS and not issubclass(m, HistoricalChanges)]


def model_label(model_factory: type[factory.django.DjangoModelFactory]) -> str:
    """The label of the model a factory builds: the order of the parametrized test and the name of each case."""
    return model_factory._meta.model._meta.label


FACTORIES_BY_LABEL = sorted(FACTORIES.values(), key=model_label)


def test_every_project_model_has_a_factory():
    assert [m._meta.label for m in project_models() if m not in FACTORIES] == []


@pytest.mark.django_db
@pytest.mark.parametrize("model_factory", FACTORIES_BY_LABEL, ids=model_label)
def test_factory_builds_a_valid_saved_row(model_factory):
    obj = model_factory()
    obj.full_clean()
    assert type(obj).objects.filter(pk=obj.pk).exists()
