"""The one access module: roles, capabilities and the scope of every model that belongs to a school or municipality."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalChanges

from assessments.models import ResultChange, Subject, TerritoryResult
from assessments.risk.models import RiskRun
from mentoring.models import PartnershipActivity
from programs.indicators.models import IndicatorFact
from programs.models import (
    Notification,
    PlanItemComment,
    ProgramParticipant,
    ProgramTrack,
    RiskFactor,
    RiskProfileEntry,
)
from schools.access import CAPABILITIES, effective_role, effective_role_label, user_can
from schools.models import Municipality, Role, School
from tests.factories import UserFactory
from tests.security.world import world_build

pytestmark = pytest.mark.django_db

# Models with a path to a school or municipality that are not read through a scope, and why.
UNSCOPED = {
    "schools.User": "people are managed by the portal's admin (users.manage), never listed to other roles",
}
# The A users whose scope is a part of the region (a regional user of the shared region reads both A and B).
A_ROLES = ("head", "methodologist", "school_admin", "curator", "api_client")
MAX_DEPTH = 3


def _project_models():
    for model in apps.get_models():
        config = apps.get_app_config(model._meta.app_label)
        if not config.path.startswith(str(settings.BASE_DIR)) or issubclass(model, HistoricalChanges):
            continue
        yield model


def _territory_paths(model, prefix: str = "", depth: int = 0) -> list[tuple[str, type]]:
    """Every forward path from `model` to School or Municipality, skipping the users (who ordered, who wrote)."""
    found: list[tuple[str, type]] = []
    for field in model._meta.concrete_fields:
        if not field.is_relation or field.related_model is model:
            continue
        target = field.related_model
        if target is School or target is Municipality:
            found.append((prefix + field.name, target))
        elif depth < MAX_DEPTH and target._meta.label != settings.AUTH_USER_MODEL:
            found += _territory_paths(target, f"{prefix}{field.name}__", depth + 1)
    return found


def _in_municipality(paths, municipality) -> Q:
    q = Q(pk__in=[])
    for path, target in paths:
        q |= Q(**{f"{path}__municipality" if target is School else path: municipality})
    return q


SCOPED = sorted(
    (m for m in _project_models() if _territory_paths(m) and m._meta.label not in UNSCOPED),
    key=lambda m: m._meta.label,
)


def test_every_model_with_a_territory_has_visible_to():
    missing = [m._meta.label for m in SCOPED if not hasattr(m._default_manager, "visible_to")]
    assert missing == []


def _extras_build(w, *, author):
    """What the security world does not hold, on one side: tracks, participants, comments, facts, runs…"""
    track = ProgramTrack.objects.create(program=w.program, number=1, title=w.text)
    ProgramParticipant.objects.create(program=w.program, school=w.school, year=2024, track=track)
    PlanItemComment.objects.create(item=w.plan_item, author=author, text=w.text)
    factor = RiskFactor.objects.get_or_create(code="access-test", defaults={"name": "Фактор", "group": "Группа"})[0]
    RiskProfileEntry.objects.get_or_create(profile=w.risk_profile, factor=factor)
    IndicatorFact.objects.create(indicator=w.indicator, year=2023, value=Decimal("1"), recorded_at=timezone.now())
    RiskRun.objects.create(year=2024, municipality=w.municipality, rule_version=1)
    ResultChange.objects.create(school=w.school, key={"code": w.school.code}, after={"participants": 1})
    TerritoryResult.objects.create(
        level="municipality",
        municipality=w.municipality,
        region=w.municipality.region,
        procedure="VPR",
        subject=Subject.objects.get(code="russian"),
        grade=5,
        year=2024,
        participants=10,
    )
    PartnershipActivity.objects.create(partnership=w.partnership, date=datetime.date(2024, 2, 1), title=w.text)


@pytest.fixture
def world(users, two_municipalities):
    built = world_build(users, two_municipalities)
    for side in ("a", "b"):
        _extras_build(built[side], author=users["admin"])
    return built


def _b_rows(model, world):
    """The model's rows in B and not in A (a partnership of an A and a B school belongs to both)."""
    paths = _territory_paths(model)
    a, b = world["a"].municipality, world["b"].municipality
    return model._default_manager.filter(_in_municipality(paths, b)).exclude(_in_municipality(paths, a))


def test_the_world_holds_b_rows_of_every_scoped_model(world):
    assert [m._meta.label for m in SCOPED if not _b_rows(m, world).exists()] == []


def test_a_user_of_a_sees_none_of_b_rows(world, users):
    leaks = [
        (model._meta.label, role)
        for model in SCOPED
        for role in A_ROLES
        if model._default_manager.visible_to(users[role]).filter(pk__in=_b_rows(model, world).values("pk")).exists()
    ]
    assert leaks == []


def test_the_head_of_b_sees_b_rows(world, users):
    """The other half of the proof: the scope is a filter, not an empty set."""
    blind = [
        m._meta.label
        for m in SCOPED
        if not m._default_manager.visible_to(users["head_b"]).filter(pk__in=_b_rows(m, world).values("pk")).exists()
    ]
    assert blind == []


def test_signed_out_sees_nothing(world):
    assert [m._meta.label for m in SCOPED if m._default_manager.visible_to(AnonymousUser()).exists()] == []


def test_notifications_are_their_addressees_only(users):
    Notification.objects.create(user=users["head"], kind=Notification.Kind.ITEM_OVERDUE, key="k", text="т")
    assert not Notification.objects.visible_to(users["admin"]).exists()


def test_superuser_acts_as_admin(two_municipalities):
    user = UserFactory(role=Role.HEAD, municipality=two_municipalities["a"], is_superuser=True)
    assert effective_role(user) == Role.ADMIN


def test_superuser_sees_every_school(two_municipalities):
    user = UserFactory(role=Role.HEAD, municipality=two_municipalities["a"], is_superuser=True)
    assert School.objects.visible_to(user).count() == School.objects.count()


def test_a_superuser_is_named_by_the_admin_role(two_municipalities):
    user = UserFactory(role=Role.HEAD, municipality=two_municipalities["a"], is_superuser=True)
    assert effective_role_label(user) == "Администратор портала"


def test_a_risk_profile_is_filled_by_the_school_and_verified_by_its_reviewers():
    fill, verify = CAPABILITIES["risk.profile_fill"], CAPABILITIES["risk.profile_verify"]
    assert (fill, verify) == ({Role.ADMIN, Role.SCHOOL_ADMIN}, {Role.ADMIN, Role.CURATOR, Role.METHODOLOGIST})
    assert fill | verify == CAPABILITIES["risk.profile_edit"]


def test_signed_out_has_no_role():
    assert effective_role(AnonymousUser()) == ""


def test_inactive_user_has_no_capability(users):
    user = users["admin"]
    user.is_active = False
    assert not user_can(user, "users.manage")


def test_regional_compares_the_region(users):
    assert [role for role in users if user_can(users[role], "reports.region")] == ["admin", "regional"]


def test_security_doc_lists_every_capability_with_its_roles():
    """docs/security.md's table of capabilities is the table in schools.access, row by row."""
    from schools.access import CAPABILITIES
    from tests.support.runtime import ROOT

    rows = {}
    for line in (ROOT / "docs" / "security.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`") and cells[0].strip("`") in CAPABILITIES:
            rows[cells[0].strip("`")] = frozenset(r.strip() for r in cells[1].split(","))
    assert rows == {name: frozenset(roles) for name, roles in CAPABILITIES.items()}
