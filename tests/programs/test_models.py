"""programs.models: what a document's line reads in lists and dossiers."""

import pytest

from programs.models import SchoolDocument


@pytest.mark.parametrize(
    "kind, title, shown",
    [
        (
            "concept",
            "Концепция развития МБОУ СОШ № 1 на 2023–2025 гг.",
            "Концепция развития МБОУ СОШ № 1 на 2023–2025 гг.",
        ),
        ("concept", "Школа возможностей", "Концепция развития: Школа возможностей"),
        (
            "anti_risk",
            "антирисковая программа по фактору «Низкая учебная мотивация»",
            "антирисковая программа по фактору «Низкая учебная мотивация»",
        ),
    ],
)
def test_kind_is_not_said_twice(kind, title, shown):
    document = SchoolDocument(kind=kind, title=title)
    assert document.get_kind_display() in ("Концепция развития", "Антирисковая программа")
    assert document.kind_and_title == shown
