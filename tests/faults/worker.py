"""The real Celery worker for the fault tests, plus two test-only knobs read from its environment.

Run as `python -m tests.faults.worker worker -Q … -n …` (the arguments of `celery worker`). The product code has
no fault hooks: the pause is patched in here, around the functions that write, in this process only.

OPORA_FAULT_PAUSE=<point>  the task stops (sleeps) at that point, after its writes have begun and before anything
    marks them done, and writes "<point> <pid>" to OPORA_FAULT_SIGNAL so the test knows whom to SIGKILL and when.
    Once only: when the signal file exists, the point is passed (a redelivered message runs through).
      results_written     assessments.services: the results are COPYed, the import's transaction is still open
      risk_list_replaced  assessments.risk.services: the old computed list is deleted and the new one inserted, not committed
      report_file_saved   reports.services: the PDF is on disk, the report row not yet marked done
OPORA_FAULT_VISIBILITY_TIMEOUT=<seconds>  Redis's visibility timeout for this worker, so that it restores a dead
    worker's unacknowledged message at start-up instead of after settings.CELERY_BROKER_TRANSPORT_OPTIONS' two hours.
"""

import functools
import os
import sys
import time
from pathlib import Path

POINTS = ("results_written", "risk_list_replaced", "report_file_saved")


def pause(point: str) -> None:
    if os.environ.get("OPORA_FAULT_PAUSE") != point:
        return
    signal = Path(os.environ["OPORA_FAULT_SIGNAL"])
    if signal.exists():
        return
    ready = signal.with_suffix(".tmp")
    ready.write_text(f"{point} {os.getpid()}")
    ready.rename(signal)  # the test reads a whole line or none
    time.sleep(600)  # the test kills this process long before


def _pause_after(module, name: str, point: str) -> None:
    original = getattr(module, name)

    @functools.wraps(original)
    def wrapper(*args, **kwargs):
        result = original(*args, **kwargs)
        pause(point)
        return result

    setattr(module, name, wrapper)


def install() -> None:
    from django.core.files.storage import default_storage

    from assessments import services
    from assessments.risk import services as risk
    from reports import services as report_services

    _pause_after(services, "_write_postgresql", "results_written")
    _pause_after(risk, "_statuses_write", "risk_list_replaced")

    class Storage:
        """reports.services' storage: the same, pausing once the PDF is saved."""

        def __getattr__(self, name):
            return getattr(default_storage, name)

        def save(self, *args, **kwargs):
            name = default_storage.save(*args, **kwargs)
            pause("report_file_saved")
            return name

    report_services.default_storage = Storage()  # type: ignore[assignment]  # a proxy of the storage, not a subclass


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    import django

    django.setup()
    install()
    from config.celery import app

    visibility = os.environ.get("OPORA_FAULT_VISIBILITY_TIMEOUT")
    if visibility:
        options = app.conf.broker_transport_options
        app.conf.broker_transport_options = {**options, "visibility_timeout": float(visibility)}
    app.worker_main(sys.argv[1:])


if __name__ == "__main__":
    main()
