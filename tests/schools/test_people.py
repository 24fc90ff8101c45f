import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from core.models import AuditEvent
from schools.models import User

pytestmark = pytest.mark.django_db


def test_add_user_with_municipality(two_municipalities, capsys):
    call_command("add_user", "ivanova", "--role", "methodologist", "--municipality", "A01", "--password", "x" * 12)
    user = User.objects.get(username="ivanova")
    assert (user.role, user.municipality.code, user.check_password("x" * 12)) == ("methodologist", "A01", True)


def test_add_school_admin_needs_school(two_municipalities):
    with pytest.raises(CommandError, match="нужен --school"):
        call_command("add_user", "petrov", "--role", "school_admin")


def test_add_user_unknown_municipality(db):
    with pytest.raises(CommandError, match="не найден"):
        call_command("add_user", "petrov", "--role", "head", "--municipality", "ZZZ")


@pytest.mark.parametrize("password", ["short1", "1234567890123", "password1234"])
def test_add_user_refuses_a_weak_password(two_municipalities, password):
    with pytest.raises(CommandError, match="Пароль не подходит"):
        call_command("add_user", "ivanova", "--role", "head", "--municipality", "A01", "--password", password)
    assert not User.objects.filter(username="ivanova").exists()


def test_region_wide_api_client_sees_every_municipality_of_the_region(two_municipalities):
    from schools.models import School

    region = two_municipalities["a"].region
    call_command("add_user", "sync", "--role", "api_client", "--region", region.code)
    user = User.objects.get(username="sync")
    assert (user.region_id, user.municipality_id) == (region.pk, None)
    assert set(School.objects.visible_to(user).values_list("code", flat=True)) == {"A-1", "A-2", "B-1"}


def test_region_is_only_for_regional_roles(two_municipalities):
    with pytest.raises(CommandError, match="только для ролей"):
        call_command("add_user", "x", "--role", "head", "--region", two_municipalities["a"].region.code)


def test_api_token_prints_key_alone(users, capsys):
    call_command("api_token", "api_a")
    first = capsys.readouterr().out
    call_command("api_token", "api_a")
    assert first == capsys.readouterr().out and len(first.strip()) == 40 and first.count("\n") == 1


def test_role_change_is_logged(users):
    user = users["head"]
    user.role = "methodologist"
    user.save()
    event = AuditEvent.objects.get(kind="role_changed")
    assert event.data["changes"]["role"] == ["head", "methodologist"]


def test_school_change_keeps_before_and_after(two_municipalities):
    school = two_municipalities["a1"]
    school.short_name = "Новое имя"
    school.save()
    before, after = school.history.order_by("history_date")[:2]
    assert (before.short_name, after.short_name) == ("МБОУ СОШ № 1 (А)", "Новое имя")


def test_login_and_failed_login_are_logged(users, client):
    client.post("/accounts/login/", {"username": "head_a", "password": "wrong"})
    client.post("/accounts/login/", {"username": "head_a", "password": "correct-horse-battery"})
    kinds = list(AuditEvent.objects.order_by("created_at").values_list("kind", flat=True))
    assert kinds == ["login_failed", "login"]


def test_brute_force_is_locked_out(users, client):
    for _ in range(5):
        client.post("/accounts/login/", {"username": "head_a", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "head_a", "password": "correct-horse-battery"})
    assert "заблокирован" in response.content.decode() and "_auth_user_id" not in client.session


def test_permission_denied_is_logged(users, client):
    client.force_login(users["head"])
    client.get("/schools/registry/")
    assert AuditEvent.objects.filter(kind="permission_denied", user=users["head"]).exists()


MENUS = {
    "admin": {"Главная", "Муниципалитеты", "Школы", "Реестр ОО", "Виды списков"},
    "regional": {"Главная", "Муниципалитеты", "Школы"},
    "head": {"Главная", "Муниципалитеты", "Школы"},
    "school_admin": {"Главная", "Школы"},
    "curator": {"Главная", "Школы"},
}


@pytest.mark.parametrize("role", MENUS)
def test_menu_fits_role(users, client, role):
    from core.navigation import menu_for

    labels = {item["label"] for item in menu_for(users[role], "/")}
    assert MENUS[role] <= labels and ("Реестр ОО" in labels) == (role == "admin")


def test_pages_are_russian(users, client):
    client.force_login(users["head"])
    html = client.get("/schools/").content.decode()
    assert '<html lang="ru">' in html and "Скачать Excel" in html
