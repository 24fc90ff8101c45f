"""The report's section «Эффект программы»: programs.effect.report.effect_section and its template partial."""

import pytest
from django.template.loader import render_to_string

from programs.effect.report import effect_section
from programs.effect.selectors import EffectKey
from programs.effect.services import effect_compute
from tests.effect.world import world_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(two_municipalities):
    return world_make(two_municipalities)


def test_the_section_gives_the_default_measure_and_every_cached_one(world):
    effect_compute(program=world, key=EffectKey("success", "VPR", "russian", 5))
    section = effect_section(world)
    assert [item["label"] for item in section["items"]] == [
        "доля «2» (ниже минимума), все процедуры правила ШНОР",
        "успеваемость, ВПР, Русский язык, 5 класс",
    ]


def test_the_partial_prints_the_estimate_groups_and_the_table(world):
    html = render_to_string("programs/effect/_report_section.html", effect_section(world))
    assert "<h2>Эффект программы</h2>" in html
    assert "Оценка эффекта: −0,8 п. п.</strong> (95 % интервал от " in html
    assert "Школ-участниц в оценке: 7; школ сравнения: 9." in html
    assert '<img class="chart-img" alt="График: доля «2»' in html
    assert html.count("<tr><td>20") == 6


def test_a_user_outside_the_programmes_scope_gets_no_section(world, users):
    with pytest.raises(LookupError):
        effect_section(world, user=users["head_b"])
    assert effect_section(world, user=users["head"])["program"] == world
