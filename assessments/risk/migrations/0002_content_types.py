"""The moved models' content types follow them (permissions, admin log entries keep pointing at the same rows)."""

from django.db import migrations

MODELS = ("riskrule", "riskrun")


def relabel(apps, schema_editor, old="assessments", new="risk"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MODELS:
        if ContentType.objects.using(db).filter(app_label=new, model=model).exists():
            continue  # already there (a fresh database creates it after migrating)
        ContentType.objects.using(db).filter(app_label=old, model=model).update(app_label=new)


def relabel_back(apps, schema_editor):
    relabel(apps, schema_editor, old="risk", new="assessments")


class Migration(migrations.Migration):

    dependencies = [
        ('risk', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [migrations.RunPython(relabel, relabel_back)]
