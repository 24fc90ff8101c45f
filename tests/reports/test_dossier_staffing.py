"""The school's dossier page holds its staffing by year: from the staffing figures where names are not kept."""

import pytest
from django.urls import reverse

from tests.factories import StaffingFiguresFactory

pytestmark = pytest.mark.django_db


def test_the_dossier_shows_the_schools_staffing_figures(client, two_municipalities, users):
    school = two_municipalities["a1"]
    StaffingFiguresFactory(school=school, year=2024, teachers_total=268, higher_education=235, under_35=55)
    client.force_login(users["head"])
    html = client.get(reverse("reports:school", args=[school.code]) + "?year=2024").content.decode()
    assert "<h2>Кадровый состав</h2>" in html
    assert '<td class="num">268</td>' in html and '<td class="num">235</td>' in html and "сводные данные" in html


def test_the_dossier_of_another_municipality_is_not_shown(client, two_municipalities, users):
    client.force_login(users["head_b"])
    assert client.get(reverse("reports:school", args=[two_municipalities["a1"].code]) + "?year=2024").status_code == 404
