import pytest
from django.core.management import call_command

from schools.models import Municipality, School, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(capsys):
    call_command("seed_demo")
    return capsys.readouterr().out


def test_three_municipalities_of_seed_sizes(demo):
    sizes = {m.code: m.schools.count() for m in Municipality.objects.all()}
    assert sizes == {"LAZO": 29, "NOVG": 15, "SLAV": 37}


def test_branches_have_parents(demo):
    assert School.objects.filter(type="филиал", parent__isnull=True).count() == 0


def test_one_user_per_role_printed(demo):
    roles = set(User.objects.values_list("role", flat=True))
    assert (
        roles == {"admin", "regional", "head", "methodologist", "curator", "school_admin", "api_client"}
        and "school_admin" in demo
    )


def test_lazo_official_history_matches_seed(demo):
    from schools.selectors import school_status_history

    history = school_status_history(school=School.objects.get(code="grodekovo"))
    official = [st.year for st in history["rows"] if st.source == "official"]
    assert official == [2019, 2021, 2022] and history["text"].startswith("В списках 2019, 2021, 2022")


def test_second_run_keeps_data(demo, capsys):
    call_command("seed_demo")
    assert School.objects.count() == 81 and "уже есть" in capsys.readouterr().out


def test_reset_recreates(demo):
    call_command("seed_demo", "--reset")
    assert School.objects.count() == 81
