"""The dashboard's and the programme report's «Адресная помощь» measure the support against the programme's
participants of the year where its programmes name them, else ШНОР and ШНСУ of the year (contract §3).

Data set: tests/support/indicator_world.py (targets of 2024: A-1, A-4); participants of 2024: A-3, A-4, A-5.
"""

import pytest

from programs.models import ProgramParticipant
from reports.dashboard import programme_blocks
from reports.selectors import program_report_context

pytestmark = pytest.mark.django_db


@pytest.fixture
def participants(ind_world):
    for code in ("A-3", "A-4", "A-5"):
        ProgramParticipant.objects.create(program=ind_world["program_a"], school=ind_world["schools"][code], year=2024)
    return ind_world


def _support(world, context):
    support = context(municipality=world["program_a"].municipality, year=2024)["support"]
    return support["label"], support["targets"], support["supported"], support["partnered"]


@pytest.mark.parametrize("context", [programme_blocks, program_report_context])
def test_support_is_measured_against_the_participants(participants, context):
    # A-4 hosted the 2024 RMO (A-1's visit does not count: not a participant); A-3 and A-4 are partners in 2024.
    assert _support(participants, context) == ("участники программы 2024 г.", 3, 1, 2)


@pytest.mark.parametrize("context", [programme_blocks, program_report_context])
def test_support_without_participants_is_measured_against_the_list(ind_world, context):
    assert _support(ind_world, context) == ("ШНОР и ШНСУ 2024 г.", 2, 2, 1)


def test_dashboard_names_whose_schools(participants, users, client):
    client.force_login(users["head"])
    html = client.get("/reports/dashboard/?year=2024").content.decode()
    assert "Участники программы 2024 г.: охвачены методической работой" in html
