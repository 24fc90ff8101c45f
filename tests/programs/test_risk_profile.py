"""Risk profiles: reference factors, the school's questionnaire, computed factors, the curator's verification."""

import pytest

from programs.models import RiskFactor, RiskProfile, RiskProfileEntry
from programs.services import ServiceError
from programs.services.risk_profiles import (
    RISK_PROFILE_EMPTY,
    RISK_PROFILE_LOCKED,
    RISK_PROFILE_NOT_SUBMITTED,
    risk_profile_fill_computed,
    risk_profile_get_or_create,
    risk_profile_questionnaire_save,
    risk_profile_verify,
)
from tests.factories import SchoolStatusFactory

pytestmark = pytest.mark.django_db


def test_reference_has_eleven_federal_areas():
    assert RiskFactor.objects.filter(group="500plus").count() == 11


def test_reference_has_local_factors_f1_to_f11():
    assert sorted(
        RiskFactor.objects.filter(group="local").values_list("code", flat=True), key=lambda c: int(c[1:])
    ) == [f"F{n}" for n in range(1, 12)]


def test_profile_gets_an_entry_per_active_factor(two_municipalities):
    RiskFactor.objects.filter(code="R11").update(is_active=False)
    profile = risk_profile_get_or_create(school=two_municipalities["a1"], year=2023)
    assert profile.entries.count() == 21


def test_f6_computed_high_when_school_on_nonobjective_list(two_municipalities):
    SchoolStatusFactory(school=two_municipalities["a1"], year=2023, kind="nonobjective", source="manual")
    profile = risk_profile_get_or_create(school=two_municipalities["a1"], year=2023)
    entry = profile.entries.get(factor__code="F6")
    assert (entry.level, entry.source) == ("high", "computed")


def test_f6_computed_none_when_listed_only_another_year(two_municipalities):
    SchoolStatusFactory(school=two_municipalities["a1"], year=2022, kind="nonobjective", source="official")
    profile = risk_profile_get_or_create(school=two_municipalities["a1"], year=2023)
    assert profile.entries.get(factor__code="F6").level == "none"


def test_fill_computed_hook_updates_after_list_changes(two_municipalities):
    profile = risk_profile_get_or_create(school=two_municipalities["a1"], year=2023)
    SchoolStatusFactory(school=two_municipalities["a1"], year=2023, kind="nonobjective", source="computed")
    assert risk_profile_fill_computed(profile=profile) == 1


def test_school_cannot_override_computed_factor(users, two_municipalities):
    SchoolStatusFactory(school=two_municipalities["a1"], year=2023, kind="nonobjective", source="manual")
    profile = risk_profile_get_or_create(school=two_municipalities["a1"], year=2023)
    f6 = RiskFactor.objects.get(code="F6")
    risk_profile_questionnaire_save(profile=profile, user=users["school_admin"], answers={f6.pk: ("none", "")})
    assert profile.entries.get(factor=f6).level == "high"


def test_questionnaire_sets_level_from_school(users, two_municipalities):
    profile = risk_profile_get_or_create(school=two_municipalities["a1"], year=2023)
    r1 = RiskFactor.objects.get(code="R01")
    risk_profile_questionnaire_save(
        profile=profile, user=users["school_admin"], answers={r1.pk: ("medium", "нет лаборатории")}
    )
    entry = profile.entries.get(factor=r1)
    assert (entry.level, entry.source, entry.comment) == ("medium", "questionnaire", "нет лаборатории")


def test_submitted_questionnaire_is_locked(users, two_municipalities):
    profile = risk_profile_get_or_create(school=two_municipalities["a1"], year=2023)
    r1 = RiskFactor.objects.get(code="R01")
    risk_profile_questionnaire_save(
        profile=profile, user=users["school_admin"], answers={r1.pk: ("low", "")}, submit=True
    )
    with pytest.raises(ServiceError, match=RISK_PROFILE_LOCKED):
        risk_profile_questionnaire_save(profile=profile, user=users["school_admin"], answers={})


def test_empty_questionnaire_cannot_be_submitted(users, two_municipalities):
    profile = risk_profile_get_or_create(school=two_municipalities["a1"], year=2023)
    with pytest.raises(ServiceError, match=RISK_PROFILE_EMPTY):
        risk_profile_questionnaire_save(profile=profile, user=users["school_admin"], answers={}, submit=True)


def test_curator_verifies_and_changed_level_becomes_curators(users, two_municipalities, verified_factor):
    profile = RiskProfile.objects.get()
    entry = profile.entries.get(factor=verified_factor)
    risk_profile_verify(
        profile=profile, user=users["curator"], decisions={verified_factor.pk: ("medium", True, "частично")}
    )
    entry.refresh_from_db()
    assert (entry.level, entry.source, entry.verified, entry.verified_by.username) == (
        "medium",
        "curator",
        True,
        "curator_a",
    )


def test_verification_sets_profile_status(verified_factor):
    assert RiskProfile.objects.get().status == "verified"


def test_school_admin_cannot_verify(users, two_municipalities):
    profile = risk_profile_get_or_create(school=two_municipalities["a1"], year=2023)
    profile.status = "submitted"
    profile.save()
    with pytest.raises(ServiceError):
        risk_profile_verify(profile=profile, user=users["school_admin"], decisions={})


def test_draft_cannot_be_verified(users, two_municipalities):
    profile = risk_profile_get_or_create(school=two_municipalities["a1"], year=2023)
    with pytest.raises(ServiceError, match=RISK_PROFILE_NOT_SUBMITTED):
        risk_profile_verify(profile=profile, user=users["curator"], decisions={})


def test_risk_with_level_none_cannot_be_verified(users, two_municipalities, verified_factor):
    profile = RiskProfile.objects.get()
    with pytest.raises(ServiceError, match="нельзя подтвердить"):
        risk_profile_verify(profile=profile, user=users["curator"], decisions={verified_factor.pk: ("none", True, "")})


def test_database_refuses_verified_entry_without_level(verified_factor):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        RiskProfileEntry.objects.filter(verified=True).update(level="none")
