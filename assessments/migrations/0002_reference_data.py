from django.db import migrations

# Contract 1.5: the subjects with the short forms people write in their tables.
SUBJECTS = [
    ("russian", "Русский язык", ["РУ", "рус.", "рус", "русский", "русский яз."]),
    ("math", "Математика", ["МА", "мат.", "матем.", "мат", "матем"]),
    ("math_base", "Математика базовая", ["МА (база)", "математика (база)", "математика (базовый уровень)", "мат. база", "МАБ"]),
    ("math_profile", "Математика профильная", ["МА (профиль)", "математика (профиль)", "математика (профильный уровень)", "мат. профиль", "МАП"]),
    ("literature", "Литература", ["ЛИ", "лит.", "литер."]),
    ("history", "История", ["ИС", "ист."]),
    ("social", "Обществознание", ["ОБ", "общ.", "обществ."]),
    ("geography", "География", ["ГГ", "геогр."]),
    ("biology", "Биология", ["БИ", "биол."]),
    ("physics", "Физика", ["ФИ", "физ."]),
    ("chemistry", "Химия", ["ХИ", "хим."]),
    ("informatics", "Информатика", ["ИН", "информ.", "информатика и ИКТ"]),
    ("world", "Окружающий мир", ["ОМ", "окр. мир", "окружающий"]),
    ("english", "Английский язык", ["АЯ", "англ.", "английский"]),
    ("german", "Немецкий язык", ["НЯ", "нем.", "немецкий"]),
    ("french", "Французский язык", ["ФЯ", "франц.", "французский"]),
]

# EGE minimum test scores set by Rosobrnadzor, unchanged 2019–2026 (base mathematics is marked 2–5 instead).
EGE_MINIMUM = {
    "russian": 24, "math_profile": 27, "physics": 36, "chemistry": 36, "informatics": 40, "biology": 36,
    "history": 32, "geography": 37, "social": 42, "literature": 32, "english": 22, "german": 22, "french": 22,
}
YEARS = range(2019, 2027)


def load(apps, schema_editor):
    Subject = apps.get_model("assessments", "Subject")
    MinimumScore = apps.get_model("assessments", "MinimumScore")
    subjects = {}
    for order, (code, name, forms) in enumerate(SUBJECTS):
        subjects[code] = Subject.objects.create(code=code, name=name, short_forms=forms, order=order)
    MinimumScore.objects.bulk_create(
        MinimumScore(procedure="EGE", subject=subjects[code], year=year, score=score)
        for code, score in EGE_MINIMUM.items()
        for year in YEARS
    )


def unload(apps, schema_editor):
    apps.get_model("assessments", "MinimumScore").objects.all().delete()
    apps.get_model("assessments", "Subject").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
