import re

import pytest
from django.core.management import call_command

from demo import seed004
from schools.models import Municipality, School, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(capsys):
    call_command("seed_demo")
    return capsys.readouterr().out


def test_four_municipalities_of_the_seeds_sizes(demo):
    sizes = {m.code: m.schools.count() for m in Municipality.objects.all()}
    assert sizes == {"LAZO": 29, "NOVG": 15, "SLAV": 37, "PART": 11}


def test_school_codes_read_like_registry_codes(demo):
    """Issue 17: no Latin slugs such as `grodekovo` as «Код ОО»."""
    assert all(re.fullmatch(r"\d{6}", c) for c in School.objects.values_list("code", flat=True))


def test_branches_have_parents(demo):
    assert School.objects.filter(type="филиал", parent__isnull=True).count() == 0


def test_one_user_per_role_printed(demo):
    roles = set(User.objects.values_list("role", flat=True))
    assert (
        roles == {"admin", "regional", "head", "methodologist", "curator", "school_admin", "api_client"}
        and "school_admin" in demo
        and "head_partizansk" in demo
    )


def test_lazo_official_history_matches_seed(demo):
    from schools.selectors import school_status_history

    history = school_status_history(school=School.objects.get(code=seed004.C["grodekovo"]))
    official = [st.year for st in history["rows"] if st.source == "official"]
    assert official == [2019, 2021, 2022] and history["text"].startswith("В списках 2019, 2021, 2022")


def test_second_run_keeps_data(demo, capsys):
    call_command("seed_demo")
    assert School.objects.count() == 92 and "уже есть" in capsys.readouterr().out


def test_reset_recreates(demo):
    call_command("seed_demo", "--reset")
    assert School.objects.count() == 92
