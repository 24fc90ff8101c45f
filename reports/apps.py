import logging

from django.apps import AppConfig

log = logging.getLogger(__name__)


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Дашборды и отчёты"
    url_prefix = "reports/"

    def ready(self) -> None:
        from kombu.exceptions import OperationalError

        from assessments.risk.services import risk_list_changed
        from programs.indicators.engine.recompute import indicator_values_changed

        from .tasks import dashboard_charts_warm_task

        def _warm(sender, municipality_ids=None, **kwargs):
            from django.conf import settings

            # None: a national recompute; its dashboards are drawn on their first view.
            if municipality_ids and settings.DASHBOARD_CHARTS_WARM:
                try:
                    dashboard_charts_warm_task.delay(list(municipality_ids))
                except OperationalError:  # no broker: the charts are drawn on the first view instead
                    log.warning("chart warm-up not queued: broker unavailable")

        # The lists and the indicators feed the dashboards' charts: draw them in the worker once they change.
        risk_list_changed.connect(_warm, weak=False, dispatch_uid="reports.warm_after_lists")
        indicator_values_changed.connect(_warm, weak=False, dispatch_uid="reports.warm_after_indicators")
