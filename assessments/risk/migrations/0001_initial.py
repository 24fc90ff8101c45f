"""The ШНОР rule's versions and the recompute log, moved from `assessments`: their tables stay (pinned `db_table`),
so the models are created in the state only."""

import core.fields
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('assessments', '0005_result_school_index'),
        ('schools', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='RiskRule',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('version', models.PositiveIntegerField(unique=True, verbose_name='версия')),
                        ('threshold', models.PositiveSmallIntegerField(default=30, verbose_name='порог низкого результата, %')),
                        ('watch_threshold', models.PositiveSmallIntegerField(default=20, verbose_name='порог зоны риска, %')),
                        ('procedures', models.JSONField(default=list, encoder=core.fields.UnicodeJSONEncoder, verbose_name='процедуры правила')),
                        ('count_a', models.PositiveSmallIntegerField(default=2, verbose_name='критерий A: низких процедур в прошлом году')),
                        ('count_b', models.PositiveSmallIntegerField(default=1, verbose_name='критерий B: низких процедур в каждом из двух лет')),
                        ('note', models.CharField(blank=True, max_length=500, verbose_name='что изменено и почему')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='когда')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='кто')),
                    ],
                    options={
                        'db_table': 'assessments_riskrule',
                'verbose_name': 'версия правила ШНОР',
                        'verbose_name_plural': 'версии правила ШНОР',
                        'ordering': ['-version'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('threshold__gte', 1), ('threshold__lte', 100)), name='risk_rule_threshold_range'), models.CheckConstraint(condition=models.Q(('watch_threshold__gte', 1), ('watch_threshold__lte', 100)), name='risk_rule_watch_range'), models.CheckConstraint(condition=models.Q(('count_a__gte', 1), ('count_b__gte', 1)), name='risk_rule_counts_positive')],
                    },
                ),
                migrations.CreateModel(
                    name='RiskRun',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='год списка')),
                        ('rule_version', models.PositiveIntegerField(verbose_name='версия правила')),
                        ('previous_rule_versions', models.JSONField(blank=True, default=list, verbose_name='прежние версии правила')),
                        ('listed', models.PositiveIntegerField(default=0, verbose_name='в списке')),
                        ('watch', models.PositiveIntegerField(default=0, verbose_name='в зоне риска')),
                        ('added', models.JSONField(blank=True, default=list, encoder=core.fields.UnicodeJSONEncoder, verbose_name='добавлены в список (коды ОО)')),
                        ('removed', models.JSONField(blank=True, default=list, encoder=core.fields.UnicodeJSONEncoder, verbose_name='исключены из списка (коды ОО)')),
                        ('duration_ms', models.PositiveIntegerField(default=0, verbose_name='длительность, мс')),
                        ('trigger', models.CharField(default='manual', max_length=20, verbose_name='повод')),
                        ('computed_at', models.DateTimeField(auto_now_add=True, verbose_name='рассчитано')),
                        ('municipality', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='schools.municipality', verbose_name='муниципалитет')),
                        ('started_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='кто')),
                    ],
                    options={
                        'db_table': 'assessments_riskrun',
                'verbose_name': 'пересчёт списка ШНОР',
                        'verbose_name_plural': 'пересчёты списков ШНОР',
                        'ordering': ['-computed_at', '-pk'],
                        'indexes': [models.Index(fields=['year', 'municipality', 'computed_at'], name='assessments_year_1875c9_idx')],
                    },
                ),
            ],
        ),
    ]
