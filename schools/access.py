"""Who may do what, and where: the portal's one access module.

- A user's authority is `effective_role(user)`: a superuser counts as admin, an anonymous or inactive user has no
  role (""). Nothing else reads `is_superuser` or compares `user.role` with a literal: it asks `user_can(user,
  capability)` (the table below) or `role_in(user, GROUP)` with one of the named groups.
- Where is the scope, a queryset filter (NetBox's RestrictedQuerySet): `Model.objects.visible_to(user)`. Outside it
  a row does not exist (404), on every page, endpoint and export alike. Schools and municipalities are scoped here;
  every other model that belongs to a school or a municipality gets its manager from `ScopedQuerySet` and names its
  path to them (`scope_school = "teacher__school"`, `scope_municipality = "program__municipality"`).
- Roles whose schools come from another app register a provider (`school_scope_register`): the curator's schools are
  mentoring's assignments, registered by `MentoringConfig.ready()`, so `schools` never imports `mentoring`.
"""

from collections.abc import Callable, Iterable
from typing import Self, TypeVar

from django.apps import apps
from django.db import models
from django.db.models import Q, QuerySet


class Role(models.TextChoices):
    """The portal's roles (`schools.models.Role` is this class: the models and every caller import it from there)."""

    ADMIN = "admin", "Администратор портала"
    REGIONAL = "regional", "Региональный пользователь"
    HEAD = "head", "Начальник управления образования"
    METHODOLOGIST = "methodologist", "Методист"
    CURATOR = "curator", "Куратор"
    SCHOOL_ADMIN = "school_admin", "Администратор ОО"
    API_CLIENT = "api_client", "API-клиент"


def _school_model():
    return apps.get_model("schools", "School")


def _municipality_model():
    return apps.get_model("schools", "Municipality")


NO_ROLE = ""

ALL_ROLES = frozenset(Role.values)
FULL_SCOPE = frozenset({Role.ADMIN})
MUNICIPAL_STAFF = frozenset({Role.REGIONAL, Role.HEAD, Role.METHODOLOGIST})
"""The staff who read whole municipalities (a region's, or their own): they see every upload there."""
MUNICIPAL_READERS = FULL_SCOPE | MUNICIPAL_STAFF | {Role.API_CLIENT}
"""Roles that read a municipality's own records (its reports, dashboards) as well as its schools'."""
SCHOOL_BOUND = frozenset({Role.CURATOR, Role.SCHOOL_ADMIN})
"""Roles that see schools, never a whole municipality."""

CAPABILITIES: dict[str, frozenset[str]] = {
    "registry.import": frozenset({Role.ADMIN}),
    "results.upload": frozenset({Role.ADMIN, Role.METHODOLOGIST, Role.SCHOOL_ADMIN}),
    "risk.recompute": frozenset({Role.ADMIN, Role.HEAD, Role.METHODOLOGIST}),
    "risk.rule_edit": frozenset({Role.ADMIN}),
    "risk.official_import": frozenset({Role.ADMIN, Role.METHODOLOGIST}),
    "risk.profile_edit": frozenset({Role.ADMIN, Role.SCHOOL_ADMIN, Role.CURATOR, Role.METHODOLOGIST}),
    "risk.profile_fill": frozenset({Role.ADMIN, Role.SCHOOL_ADMIN}),
    "risk.profile_verify": frozenset({Role.ADMIN, Role.CURATOR, Role.METHODOLOGIST}),
    "programs.edit": frozenset({Role.ADMIN, Role.HEAD, Role.METHODOLOGIST}),
    "indicators.edit": frozenset({Role.ADMIN, Role.HEAD, Role.METHODOLOGIST}),
    "support.edit": frozenset({Role.ADMIN, Role.METHODOLOGIST}),
    "visits.edit": frozenset({Role.ADMIN, Role.METHODOLOGIST, Role.CURATOR}),
    "documents.edit": frozenset({Role.ADMIN, Role.SCHOOL_ADMIN}),
    "documents.review": frozenset({Role.ADMIN, Role.METHODOLOGIST, Role.CURATOR}),
    # Teachers, their PD courses, diagnostics, ИОМ, pairs and staffing figures: each writer within their scope
    # (a curator's assigned schools, a methodologist's municipality, a school admin's school); heads read.
    "teachers.edit": frozenset({Role.ADMIN, Role.SCHOOL_ADMIN, Role.CURATOR, Role.METHODOLOGIST}),
    "teachers.names": frozenset({Role.ADMIN, Role.SCHOOL_ADMIN, Role.CURATOR, Role.METHODOLOGIST}),
    "reports.order": frozenset({Role.ADMIN, Role.REGIONAL, Role.HEAD, Role.METHODOLOGIST, Role.CURATOR}),
    "reports.region": frozenset({Role.ADMIN, Role.REGIONAL}),
    "users.manage": frozenset({Role.ADMIN}),
}


def effective_role(user) -> str:
    """The role a user acts with: a superuser is an admin whatever the field says; no role when signed out."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NO_ROLE
    if user.is_superuser:
        return Role.ADMIN
    return user.role


def effective_role_label(user) -> str:
    """The Russian name of the role a user acts with (for messages such as «недоступен для роли «…»»)."""
    role = effective_role(user)
    return Role(role).label if role in ALL_ROLES else role


def role_in(user, roles: Iterable[str]) -> bool:
    return effective_role(user) in roles


def is_admin(user) -> bool:
    return effective_role(user) == Role.ADMIN


def is_curator(user) -> bool:
    return effective_role(user) == Role.CURATOR


def is_school_admin(user) -> bool:
    return effective_role(user) == Role.SCHOOL_ADMIN


def user_can(user, capability: str) -> bool:
    return effective_role(user) in CAPABILITIES[capability]


def sees_whole_municipalities(user) -> bool:
    """Whether every school of each municipality the user may read is visible to them: then what is computed for
    a municipality needs no check school by school. A school-bound API client reads its school only."""
    role = effective_role(user)
    if role in FULL_SCOPE | MUNICIPAL_STAFF:
        return True
    return role == Role.API_CLIENT and not user.school_id and bool(user.municipality_id or user.region_id)


# --- scope ----------------------------------------------------------------------------------------------------------

QS = TypeVar("QS", bound=QuerySet)
SchoolScopeProvider = Callable[[object], QuerySet]
_school_scope_providers: dict[str, SchoolScopeProvider] = {}


def school_scope_register(role: str, provider: SchoolScopeProvider) -> None:
    """`provider(user)` returns the ids (a `values("school_id")` queryset) of the schools a user of `role` sees."""
    _school_scope_providers[role] = provider


def _school_q(user) -> Q | None:
    """The filter over School for a signed-in user; None means every school, Q(pk__in=[]) none."""
    role = effective_role(user)
    if role in FULL_SCOPE:
        return None
    if role == Role.REGIONAL:
        return Q(municipality__region_id=user.region_id)
    if role in (Role.HEAD, Role.METHODOLOGIST):
        return Q(municipality_id=user.municipality_id)
    if role in _school_scope_providers:
        return Q(pk__in=_school_scope_providers[role](user))
    if role in (Role.SCHOOL_ADMIN, Role.API_CLIENT) and user.school_id:
        return Q(pk=user.school_id) | Q(parent_id=user.school_id)
    if role == Role.API_CLIENT and user.municipality_id:
        return Q(municipality_id=user.municipality_id)
    if role == Role.API_CLIENT and user.region_id:
        return Q(municipality__region_id=user.region_id)
    return Q(pk__in=[])


def _municipality_direct_q(user) -> Q:
    """The municipalities a region or municipality role reads by itself, school or no school."""
    role = effective_role(user)
    if role in (Role.REGIONAL, Role.API_CLIENT) and user.region_id and not user.municipality_id:
        return Q(region_id=user.region_id)
    if role in (Role.HEAD, Role.METHODOLOGIST, Role.API_CLIENT) and user.municipality_id:
        return Q(pk=user.municipality_id)
    return Q(pk__in=[])


def schools_visible(queryset: QS, user) -> QS:
    """`School.objects.visible_to(user)`."""
    if effective_role(user) == NO_ROLE:
        return queryset.none()
    q = _school_q(user)
    return queryset if q is None else queryset.filter(q)


def municipalities_visible(queryset: QS, user) -> QS:
    """`Municipality.objects.visible_to(user)`: the municipalities of the user's schools and those they read
    directly (a head's own, a regional user's region)."""
    role = effective_role(user)
    if role == NO_ROLE:
        return queryset.none()
    if role in FULL_SCOPE:
        return queryset.all()
    schools = _school_model().objects.visible_to(user).values("municipality_id")
    return queryset.filter(pk__in=schools) | queryset.filter(_municipality_direct_q(user))


def whole_municipalities(user) -> QuerySet:
    """The municipalities whose every record the user reads; none for the school-bound roles."""
    if not sees_whole_municipalities(user):
        return _municipality_model().objects.none()
    return _municipality_model().objects.visible_to(user)


def _paths(value: str | tuple[str, ...] | None) -> tuple[str, ...]:
    if not value:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def scope_q(model, user) -> Q:
    """The filter of `model`'s rows in the user's scope, by its `scope_school` / `scope_municipality` paths."""
    school_paths = _paths(getattr(model, "scope_school", None))
    municipality_paths = _paths(getattr(model, "scope_municipality", None))
    if not (school_paths or municipality_paths):
        raise TypeError(f"{model.__name__} names no scope_school or scope_municipality")
    q = Q()
    if municipality_paths:
        municipalities = _municipality_model().objects.visible_to(user)
        for path in municipality_paths:
            q &= Q(**{f"{path}__in": municipalities})
    if school_paths:
        schools = _school_model().objects.visible_to(user)
        by_school = Q()
        for path in school_paths:
            by_school |= Q(**{f"{path}__in": schools})
        if municipality_paths and len(school_paths) == 1:
            by_school |= Q(**{f"{school_paths[0]}__isnull": True})
        q &= by_school
    return q


def scoped(queryset: QS, user, q: Callable[[object], Q] | None = None) -> QS:
    """The rows of `queryset` in the user's scope: none signed out, all for an admin, else `q(user)` (by default
    the model's paths, `scope_q`)."""
    role = effective_role(user)
    if role == NO_ROLE:
        return queryset.none()
    if role in FULL_SCOPE:
        return queryset.all()
    return queryset.filter(q(user) if q is not None else scope_q(queryset.model, user))


class ScopedQuerySet(QuerySet):
    """A queryset whose `visible_to(user)` keeps the rows in the user's scope, by the model's path to its school
    and/or municipality:

    - `scope_school`: a path (or a tuple of paths, any of which may be visible, e.g. a partnership's two schools);
    - `scope_municipality`: a path; the row's municipality must be visible.

    With both, a row without a school (a municipal plan item, a municipality's indicator value) is seen by whoever
    sees its municipality. A model whose scope is not a path overrides `scope_q(user)`.
    """

    def scope_q(self, user) -> Q:
        return scope_q(self.model, user)

    def visible_to(self, user) -> Self:
        return scoped(self, user, self.scope_q)
