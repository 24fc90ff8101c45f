"""The default list kinds of contract 1.3. The codes are those `SchoolStatus.kind` already held (shnor, shnsu, watch,
500plus, nonobjective) and three new ones for the lists of seeds 001 and 004."""

from django.db import migrations

DEFAULTS = [
    ("shnor", "ШНОР", "Школы с низкими образовательными результатами: список ФИОКО или Рособрнадзора, или расчёт портала."),
    ("shnsu", "ШНСУ", "Школы, функционирующие в неблагоприятных социальных условиях."),
    ("500plus", "500+", "Участники проекта адресной методической помощи «500+»."),
    ("nonobjective", "необъективность", "Признаки необъективности результатов ВПР (список Рособрнадзора)."),
    ("watch", "зона риска", "Школы в зоне риска снижения образовательных результатов: региональный список или "
                            "расчёт портала (в шаге от порога)."),
    ("low_ior", "низкий ИОР", "Низкий индекс образовательных результатов: отрицательная динамика результатов по "
                              "отдельным предметам 2–3 года (муниципальный список)."),
    ("post_project", "постпроектное сопровождение", "Школы, вышедшие из проекта и сопровождаемые после него."),
    ("regional_project", "региональный проект", "Участники регионального проекта (например, «Эффективная школа»)."),
]


def seed(apps, schema_editor):
    ListKind = apps.get_model("schools", "ListKind")
    for order, (code, name, description) in enumerate(DEFAULTS, start=1):
        ListKind.objects.update_or_create(
            code=code, defaults={"name": name, "order": order * 10, "description": description}
        )


def unseed(apps, schema_editor):
    apps.get_model("schools", "ListKind").objects.filter(code__in=[c for c, *_ in DEFAULTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("schools", "0002_list_kinds_and_school_context")]
    operations = [migrations.RunPython(seed, unseed)]
