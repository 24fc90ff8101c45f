"""The one rule for an incomplete territory figure, and how pages print it."""

from django.template import Context, Template

from core.coverage import Coverage, coverage_incomplete


def test_fewer_schools_than_the_territory_is_incomplete():
    assert (coverage_incomplete(1, 12), coverage_incomplete(12, 12)) == (True, False)


def test_label_is_russian():
    assert Coverage(schools=1, of=12).label == "данные 1 из 12 ОО"


def test_api_shape():
    assert Coverage(schools=3, of=4).as_api() == {"schools": 3, "of": 4}


def _render(value) -> str:
    return Template("{% load coverage %}{{ value|coverage }}").render(Context({"value": value}))


def test_page_marks_incomplete_coverage():
    html = _render(Coverage(schools=1, of=12))
    assert "coverage-incomplete" in html and "данные 1 из 12 ОО (неполные)" in html


def test_page_prints_complete_coverage_plainly():
    html = _render(Coverage(schools=12, of=12))
    assert "данные 12 из 12 ОО" in html and "неполные" not in html


def test_page_prints_nothing_without_a_figure():
    assert _render(None) == ""
