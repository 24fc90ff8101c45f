from django.db import migrations

# Domain §5 defaults, frozen here as version 1 (later versions are added through the rule page, never edited).
DEFAULT_PROCEDURES = [
    {"procedure": "VPR", "subject": "russian", "grade": 5},
    {"procedure": "VPR", "subject": "math", "grade": 5},
    {"procedure": "VPR", "subject": "russian", "grade": 6},
    {"procedure": "VPR", "subject": "math", "grade": 6},
    {"procedure": "OGE", "subject": "russian", "grade": 9},
    {"procedure": "OGE", "subject": "math", "grade": 9},
    {"procedure": "EGE", "subject": "russian", "grade": 11},
    {"procedure": "EGE", "subject": "math_base", "grade": 11},
    {"procedure": "EGE", "subject": "math_profile", "grade": 11},
]


def create(apps, schema_editor):
    RiskRule = apps.get_model("assessments", "RiskRule")
    RiskRule.objects.get_or_create(
        version=1,
        defaults={"threshold": 30, "watch_threshold": 20, "procedures": DEFAULT_PROCEDURES, "count_a": 2,
                  "count_b": 1, "note": "Значения по умолчанию (методика ФИОКО)"},
    )


def remove(apps, schema_editor):
    apps.get_model("assessments", "RiskRule").objects.filter(version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("assessments", "0003_risk_rule")]
    operations = [migrations.RunPython(create, remove)]
