"""The ШНОР rule's versions and the recompute log moved to the `risk` app (assessments/risk/): removed from this
app's state only, their tables stay."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('assessments', '0005_result_school_index'),
        ('risk', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name='RiskRule'),
                migrations.DeleteModel(name='RiskRun'),
            ],
        ),
    ]
