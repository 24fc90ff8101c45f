"""The list kinds (reference data, `ListKind`) as the rest of the portal reads them: names, choices, matching.

The one place that reads `ListKind`: the kinds are few and read on every page that shows a status, so they are
held in the cache (shared by every process) and dropped whenever an admin saves or deletes one.
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core.tables import header_key

from .models import ListKind, SchoolStatus

CACHE_KEY = "schools:list-kinds:v1"
CACHE_SECONDS = 300

# Spellings the files of earlier years used, beside each kind's name and code (folded as header_key folds them).
SYNONYMS = {
    header_key(text): code
    for text, code in (
        ("Признаки необъективности", SchoolStatus.Kind.NONOBJECTIVE),
        ("Необъективные результаты", SchoolStatus.Kind.NONOBJECTIVE),
        ("Зона риска снижения образовательных результатов", SchoolStatus.Kind.WATCH),
        ("Низкий индекс образовательных результатов", SchoolStatus.Kind.LOW_IOR),
        ("Постпроект", SchoolStatus.Kind.POST_PROJECT),
        ("НСУ", SchoolStatus.Kind.SHNSU),
        ("«500+»", SchoolStatus.Kind.PLUS500),
    )
}


def _rows() -> list[tuple[str, str, bool]]:
    """(code, name, is_active) of every kind, in order."""
    rows = cache.get(CACHE_KEY)
    if rows is None:
        rows = list(ListKind.objects.order_by("order", "code").values_list("code", "name", "is_active"))
        cache.set(CACHE_KEY, rows, CACHE_SECONDS)
    return rows


def list_kinds_forget() -> None:
    """Drop the cached kinds (after a change, and in tests after a rolled-back one)."""
    cache.delete(CACHE_KEY)


@receiver(post_save, sender=ListKind)
@receiver(post_delete, sender=ListKind)
def _kinds_changed(sender, **kwargs) -> None:
    list_kinds_forget()


def list_kind_names(*, active_only: bool = False) -> dict[str, str]:
    """Code → name, in the kinds' order."""
    return {code: name for code, name, active in _rows() if active or not active_only}


def list_kind_label(code: str) -> str:
    """A kind's name; a code the reference data does not hold (deleted since) reads as the default's or as itself."""
    names = list_kind_names()
    if code in names:
        return names[code]
    return SchoolStatus.Kind(code).label if code in SchoolStatus.Kind.values else code


def list_kind_choices() -> list[tuple[str, str]]:
    """(code, name) of the kinds in use: the `status` filter of the schools page and API, the kinds' selects."""
    return list(list_kind_names(active_only=True).items())


def list_kind_read(value: str) -> str | None:
    """The code of the kind a file names (contract 1.3): by name or code, case and punctuation folded, or by an
    older spelling; `None` when no kind in use is meant."""
    key = header_key(value)
    if not key:
        return None
    active = list_kind_names(active_only=True)
    for code, name in active.items():
        if key in (header_key(name), header_key(code)):
            return code
    synonym = SYNONYMS.get(key)
    return str(synonym) if synonym in active else None


def list_kind_known_text() -> str:
    """The kinds in use, for a message: «ШНОР, ШНСУ, 500+, …»."""
    return ", ".join(list_kind_names(active_only=True).values())
