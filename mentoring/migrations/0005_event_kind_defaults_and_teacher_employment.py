"""The kinds of events become reference data: the ten kinds of contracts §3 and seed 004's «методический десант» and
«фестиваль». Teachers recorded before employment had dates keep an unknown start (they count in every year up to
their end); those already marked as not working get, as their end, the day the mark was set (from their history),
else today."""

import datetime

from django.db import migrations

DEFAULT_KINDS = [
    ("seminar", "Семинар"),
    ("webinar", "Вебинар"),
    ("master_class", "Мастер-класс"),
    ("guest_day", "Гостевой методический день"),
    ("lesson_visits", "Взаимопосещение уроков"),
    ("internship", "Стажировка"),
    ("rmo", "РМО"),
    ("round_table", "Круглый стол"),
    ("course", "Курсы"),
    ("meeting", "Совещание"),
    ("methodical_landing", "Методический десант"),
    ("festival", "Фестиваль"),
]


def kinds_load(apps, schema_editor):
    EventKind = apps.get_model("mentoring", "EventKind")
    for order, (code, name) in enumerate(DEFAULT_KINDS, start=1):
        EventKind.objects.get_or_create(code=code, defaults={"name": name, "order": order * 10})


def kinds_unload(apps, schema_editor):
    apps.get_model("mentoring", "EventKind").objects.filter(code__in=[c for c, _ in DEFAULT_KINDS]).delete()


def employment_ends(apps, schema_editor):
    Teacher = apps.get_model("mentoring", "Teacher")
    History = apps.get_model("mentoring", "HistoricalTeacher")
    today = datetime.date.today()
    for teacher in Teacher.objects.filter(is_active=False, employed_to__isnull=True):
        marked = (
            History.objects.filter(id=teacher.pk, is_active=False).order_by("history_date").values_list("history_date", flat=True).first()
        )
        teacher.employed_to = marked.date() if marked else today
        teacher.save(update_fields=["employed_to"])


class Migration(migrations.Migration):
    dependencies = [("mentoring", "0004_teacher_employment_staffing_event_kinds")]
    operations = [
        migrations.RunPython(kinds_load, kinds_unload),
        migrations.RunPython(employment_ends, migrations.RunPython.noop),
    ]
