"""A school's risk profile: the entries the portal computes, the school's questionnaire, the curator's verification."""

from django.db import transaction
from django.utils import timezone

from core.errors import ApplicationError
from schools.access import user_can
from schools.models import School, SchoolStatus

from ..models import RiskFactor, RiskProfile, RiskProfileEntry

RISK_PROFILE_LOCKED = "Профиль уже передан куратору; изменить анкету можно после возврата."
RISK_PROFILE_NOT_SUBMITTED = "Верифицировать можно профиль, который школа передала куратору."
RISK_PROFILE_EMPTY = "Укажите уровень хотя бы по одному фактору."
RISK_VERIFY_NEEDS_LEVEL = "Фактор «{factor}» нельзя подтвердить с уровнем «нет»."

NONOBJECTIVE_FACTOR = "F6"
NONOBJECTIVE_COMMENT = "Школа в списке «{list}» за {year} год ({source})."


def risk_profile_get_or_create(*, school: School, year: int, user=None) -> RiskProfile:
    """The school's profile for a year, with an entry for every active factor and the computed ones filled."""
    with transaction.atomic():
        profile, created = RiskProfile.objects.get_or_create(school=school, year=year)
        have = set(profile.entries.values_list("factor_id", flat=True))
        missing = RiskFactor.objects.filter(is_active=True).exclude(pk__in=have)
        RiskProfileEntry.objects.bulk_create([RiskProfileEntry(profile=profile, factor=f) for f in missing])
        if created or missing:
            risk_profile_fill_computed(profile=profile)
    return profile


def risk_profile_fill_computed(*, profile: RiskProfile) -> int:
    """Hook: fill the factors the portal computes from its own data, with their source. Returns entries changed.

    F6 «signs of non-objective VPR»: the school is on the non-objectivity list (any source) for that year.
    Factors from assessment results join here once that model is settled.
    """
    changed = 0
    entry = profile.entries.filter(factor__code=NONOBJECTIVE_FACTOR).select_related("factor").first()
    if entry is not None and not entry.verified:
        status = (
            SchoolStatus.objects.filter(school=profile.school, year=profile.year, kind=SchoolStatus.Kind.NONOBJECTIVE)
            .order_by("source")
            .first()
        )
        level = RiskProfileEntry.Level.HIGH if status else RiskProfileEntry.Level.NONE
        comment = (
            NONOBJECTIVE_COMMENT.format(
                list=status.get_kind_display(), year=profile.year, source=status.get_source_display().lower()
            )
            if status
            else "Школы нет в списке «Признаки необъективности» за этот год."
        )
        if (entry.level, entry.source, entry.comment) != (level, RiskProfileEntry.Source.COMPUTED, comment):
            entry.level, entry.source, entry.comment = level, RiskProfileEntry.Source.COMPUTED, comment
            entry.save()
            changed += 1
    return changed


def risk_profile_questionnaire_save(
    *, profile: RiskProfile, user, answers: dict[int, tuple[str, str]], submit: bool = False
) -> RiskProfile:
    """The school's answers: factor id → (level, comment). Computed factors are not the school's to set."""
    if profile.status != RiskProfile.Status.DRAFT:
        raise ApplicationError(RISK_PROFILE_LOCKED)
    if not user_can(user, "risk.profile_fill"):
        raise ApplicationError(RISK_PROFILE_LOCKED)
    with transaction.atomic():
        for entry in profile.entries.select_related("factor"):
            if entry.factor_id not in answers or entry.source == RiskProfileEntry.Source.COMPUTED:
                continue
            level, comment = answers[entry.factor_id]
            if (entry.level, entry.comment) != (level, comment):
                entry.level, entry.comment, entry.source = level, comment, RiskProfileEntry.Source.QUESTIONNAIRE
                entry.save()
        if submit:
            if not profile.entries.exclude(level=RiskProfileEntry.Level.NONE).exists() and not any(
                level != RiskProfileEntry.Level.NONE for level, _ in answers.values()
            ):
                raise ApplicationError(RISK_PROFILE_EMPTY)
            profile.status = RiskProfile.Status.SUBMITTED
            profile.submitted_at = timezone.now()
            profile.save()
    return profile


def risk_profile_verify(*, profile: RiskProfile, user, decisions: dict[int, tuple[str, bool, str]]) -> RiskProfile:
    """The curator's verification: factor id → (level, verified, comment). A changed level becomes the curator's."""
    if not user_can(user, "risk.profile_verify"):
        raise ApplicationError(RISK_PROFILE_NOT_SUBMITTED)
    if profile.status not in (RiskProfile.Status.SUBMITTED, RiskProfile.Status.VERIFIED):
        raise ApplicationError(RISK_PROFILE_NOT_SUBMITTED)
    with transaction.atomic():
        for entry in profile.entries.select_related("factor"):
            if entry.factor_id not in decisions:
                continue
            level, verified, comment = decisions[entry.factor_id]
            if verified and level == RiskProfileEntry.Level.NONE:
                raise ApplicationError(RISK_VERIFY_NEEDS_LEVEL.format(factor=entry.factor.name))
            if level != entry.level:
                entry.source = RiskProfileEntry.Source.CURATOR
            entry.level, entry.comment, entry.verified = level, comment, verified
            entry.verified_by = user if verified else None
            entry.save()
        profile.status = RiskProfile.Status.VERIFIED
        profile.verified_by = user
        profile.verified_at = timezone.now()
        profile.save()
    return profile


def risk_profile_return(*, profile: RiskProfile, user) -> RiskProfile:
    """Back to the school for changes (the curator's verification marks stay until the next verification)."""
    if not user_can(user, "risk.profile_verify") or profile.status != RiskProfile.Status.SUBMITTED:
        raise ApplicationError(RISK_PROFILE_NOT_SUBMITTED)
    profile.status = RiskProfile.Status.DRAFT
    profile.save()
    return profile
