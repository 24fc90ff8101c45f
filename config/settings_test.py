"""Test settings: the environment defaults a test run needs, then the real settings module."""

import os

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("SECRET_KEY", "test-secret-key-" + "x" * 48)
os.environ.setdefault("AXES_FAILURE_LIMIT", "5")

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}  # noqa: F405
# The suite runs tasks in-process; tests marked for a real worker switch the Celery app to Redis themselves.
CELERY_TASK_ALWAYS_EAGER = os.environ.get("CELERY_EAGER", "true") != "false"
# Tasks run in-process here: drawing every dashboard after each recompute would only slow the suite
# (the warm-up has its own test, which switches it on).
DASHBOARD_CHARTS_WARM = os.environ.get("DASHBOARD_CHARTS_WARM", "false") == "true"
# No heartbeat thread for the suite's in-process runs (SQLite would see it contend with the import's transaction);
# the real workers of the worker and fault tests (CELERY_EAGER=false) beat as production's do.
JOB_HEARTBEAT_SECONDS = float(os.environ.get("JOB_HEARTBEAT_SECONDS", "0" if CELERY_TASK_ALWAYS_EAGER else "5"))
