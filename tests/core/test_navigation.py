import pytest

from core.navigation import menu_for

pytestmark = pytest.mark.django_db


def active(user, path: str) -> list[str]:
    return [i["label"] for i in menu_for(user, path) if i["active"]]


@pytest.mark.parametrize(
    ("role", "path", "label"),
    [
        ("school_admin", "/assessments/", "Результаты"),
        ("school_admin", "/assessments/upload/", "Загрузка результатов"),
        (
            "school_admin",
            "/assessments/uploads/7/",
            "Загрузка результатов",
        ),  # the upload's own page, under «Результаты»' address
        ("head", "/reports/dashboard/", "Дашборд"),
        ("head", "/reports/school/A-1/", "Дашборд"),  # a dossier is reached from the dashboard
        ("head", "/reports/", "Отчёты"),
    ],
)
def test_one_entry_is_active_and_it_is_the_page_owner(users, role, path, label):
    assert active(users[role], path) == [label]


def test_unknown_path_activates_by_prefix_only(users):
    assert active(users["head"], "/reports/no-such-page/") == ["Отчёты"]
