import datetime

import pytest

from programs.services.documents import document_create, document_version_add
from programs.services.risk_profiles import (
    risk_profile_get_or_create,
    risk_profile_questionnaire_save,
    risk_profile_verify,
)
from tests.support.programs import item_make, program_make


@pytest.fixture
def program_a(two_municipalities):
    return program_make(two_municipalities["a"], "prog-a")


@pytest.fixture
def program_b(two_municipalities):
    return program_make(two_municipalities["b"], "prog-b")


@pytest.fixture
def item_b(program_b):
    return item_make(program_b, end=datetime.date(2023, 5, 1))


@pytest.fixture
def verified_factor(users, two_municipalities):
    """A risk factor verified by the curator in school A-1's 2023 profile."""
    from programs.models import RiskFactor

    school = two_municipalities["a1"]
    profile = risk_profile_get_or_create(school=school, year=2023)
    factor = RiskFactor.objects.get(code="R02")
    risk_profile_questionnaire_save(
        profile=profile, user=users["school_admin"], answers={factor.pk: ("high", "нет учителя физики")}, submit=True
    )
    risk_profile_verify(profile=profile, user=users["curator"], decisions={factor.pk: ("high", True, "")})
    return factor


@pytest.fixture
def document_a(users, two_municipalities):
    """A draft concept of school A-1 with one version."""
    doc = document_create(
        user=users["school_admin"],
        school=two_municipalities["a1"],
        kind="concept",
        year=2023,
        title="Концепция развития",
    )
    document_version_add(document=doc, user=users["school_admin"], text="Текст концепции")
    return doc


@pytest.fixture
def document_b(users, two_municipalities):
    admin = users["admin"]
    doc = document_create(user=admin, school=two_municipalities["b1"], kind="concept", year=2023, title="Концепция Б")
    document_version_add(document=doc, user=admin, text="Текст")
    return doc
