"""The content types of the moved models follow them to the app «indicators», so that permissions, the history
and the admin log keep pointing at them."""

from django.db import migrations

MODELS = [
    "indicator", "indicatorfact", "indicatorvalue",
    "historicalindicator", "historicalindicatorfact", "historicalindicatorvalue",
]


def content_types_move(apps, schema_editor, source="programs", target="indicators"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        old = ContentType.objects.filter(app_label=source, model=model).first()
        if old is None:
            continue  # a fresh database: post_migrate creates them under the new label
        # A row under the new label (made by a migrate that ran before this one) would clash: the old one wins,
        # it is the one permissions and log entries point at.
        ContentType.objects.filter(app_label=target, model=model).delete()
        old.app_label = target
        old.save(update_fields=["app_label"])


def content_types_back(apps, schema_editor):
    content_types_move(apps, schema_editor, source="indicators", target="programs")


class Migration(migrations.Migration):

    dependencies = [
        ("indicators", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(content_types_move, content_types_back)]
