"""Settings for Опора, read from the environment.

Unset variables fall back to the embedded defaults of a local run: a SQLite file and Celery tasks executed
in-process. Production sets DEBUG=false, and then a real SECRET_KEY and ALLOWED_HOSTS are required.
"""

from datetime import timedelta
from pathlib import Path
from typing import Any

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from config import schema as config_schema

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
_INSECURE_KEY = "django-insecure-opora-local-development-only"
SECRET_KEY = env.str("SECRET_KEY", default=_INSECURE_KEY)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])

if not DEBUG:
    if SECRET_KEY == _INSECURE_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("DEBUG=false требует настоящий SECRET_KEY (не короче 50 символов).")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DEBUG=false требует ALLOWED_HOSTS.")

INSTALLED_APPS = [
    "django.contrib.admin.apps.SimpleAdminConfig",  # no autodiscovery at start: config/urls.py calls it
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "simple_history",
    "import_export",
    "axes",
    "csp",
    "core",
    "schools",
    "assessments",
    "assessments.risk",
    "programs",
    "programs.indicators",
    "programs.effect",
    "mentoring",
    "reports",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.NulCharacterMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "core.middleware.RequestIdMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}
else:
    # A process that vanished inside a transaction (its host gone, say) would hold its row locks until TCP gives up:
    # PostgreSQL ends a session idle that long inside a transaction. No task pauses that long between two statements.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = " ".join(
        filter(
            None,
            [
                _options.get("options", ""),
                f"-c idle_in_transaction_session_timeout={env.int('DB_IDLE_IN_TRANSACTION_TIMEOUT', default=600)}s",
            ],
        )
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "schools.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Brute force: five failures lock the username from that address for an hour.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_RESET_ON_SUCCESS = True
# Behind N reverse proxies that append to X-Forwarded-For, the client is the N-th address from the end; the lockout
# and the event log read it through one function (core.audit.client_ip). 0: the direct peer (REMOTE_ADDR).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "core.audit.client_ip"

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский")]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Moscow")
USE_I18N = True
LOCALE_PATHS = [BASE_DIR / "locale"]  # Опора's corrections to Django's and django-axes' Russian (locale/ru)
# django-filter's empty choice in a filter's select: «все», not «---------».
FILTERS_EMPTY_CHOICE_LABEL = "все"
USE_TZ = True
USE_THOUSAND_SEPARATOR = False  # years must read 2025, not 2 025; counts use |ru_number

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")

# Uploads: refused before unpacking when over these limits (core.tables).
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
UPLOAD_MAX_UNPACKED_BYTES = env.int("UPLOAD_MAX_UNPACKED_BYTES", default=200 * 1024 * 1024)
UPLOAD_MAX_ENTRIES = env.int("UPLOAD_MAX_ENTRIES", default=1000)
UPLOAD_MAX_ROWS = env.int("UPLOAD_MAX_ROWS", default=200_000)
# The admin's reference-data import (django-import-export): one transaction per file, formulae escaped on export.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "core.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],  # ?format=csv|xlsx: core.api.ExportMixin adds its renderers to the lists (all rows, logged)
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "core.negotiation.ContentNegotiation",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"anon": "60/min", "user": "1200/min"},
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "COERCE_DECIMAL_TO_STRING": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Опора: программный интерфейс (API)",
    "DESCRIPTION": config_schema.DESCRIPTION,
    "VERSION": "1.0.0",
    "TAGS": config_schema.TAGS,
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.schema_error_responses",
        "config.schema.describe_operations",  # topics, Russian summaries and descriptions: one table, config/schema.py
    ],
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "docExpansion": "list", "defaultModelsExpandDepth": -1},
    "ENUM_NAME_OVERRIDES": {
        "ReportKindEnum": "reports.models.Report.Kind",
        "MethodEventKindEnum": "mentoring.models.MethodEvent.Kind",
        "PopulationEnum": "programs.indicators.models.Indicator.Population",
        "EventPopulationEnum": "mentoring.serializers.EVENT_POPULATION_KINDS",
    },
}

# Celery: without REDIS_URL tasks run eagerly in-process (the local demo needs no broker).
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=30 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=25 * 60)
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="default")
CELERY_TASK_ROUTES = {
    "assessments.tasks.*": {"queue": env.str("CELERY_IMPORT_QUEUE", default="imports")},
    "reports.tasks.*": {"queue": env.str("CELERY_REPORT_QUEUE", default="reports")},
}
CELERY_TASK_IGNORE_RESULT = True
# A message a dead worker took comes back after visibility_timeout (longer than any task: CELERY_TASK_TIME_LIMIT);
# socket timeouts: a hung Redis refuses new jobs in seconds (core.jobs.QUEUE_UNAVAILABLE) instead of hanging requests.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 2 * 60 * 60, "socket_timeout": 5, "socket_connect_timeout": 5}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# A running job writes a heartbeat every JOB_HEARTBEAT_SECONDS (only with a worker: in-process runs have nobody to
# watch them); one whose heartbeat is older than JOB_STALE_SECONDS lost its worker, and the beat task that looks
# every JOBS_WATCH_SECONDS runs it again once, or fails it the second time (core.jobs.jobs_interrupted_recover).
JOB_HEARTBEAT_SECONDS = env.float("JOB_HEARTBEAT_SECONDS", default=5 if REDIS_URL else 0)
JOB_STALE_SECONDS = env.float("JOB_STALE_SECONDS", default=60)
JOBS_WATCH_SECONDS = env.float("JOBS_WATCH_SECONDS", default=30)
CELERY_BEAT_SCHEDULE = {
    # A watch that waited longer than its period behind other tasks is dropped: the next one is already queued.
    "jobs-expire-stale": {
        "task": "core.tasks.jobs_expire_stale",
        "schedule": timedelta(seconds=JOBS_WATCH_SECONDS),
        "options": {"expires": JOBS_WATCH_SECONDS},
    },
    "programs-notifications": {"task": "programs.tasks.notifications_compute", "schedule": crontab(hour=6, minute=0)},
    "risk-recompute-nightly": {
        "task": "assessments.risk_tasks.risk_recompute_nightly",
        "schedule": crontab(hour=2, minute=30),
    },
    "indicators-recompute-nightly": {
        "task": "programs.indicators.tasks.indicators_recompute_nightly",
        "schedule": crontab(hour=3, minute=15),
    },
}
# The ШНОР list's tasks live beside assessments.tasks; the worker imports them by name.
# After a results import the lists it feeds are recomputed once the imports of a burst have settled.
RISK_RECOMPUTE_DEBOUNCE_SECONDS = env.int("RISK_RECOMPUTE_DEBOUNCE_SECONDS", default=30)
INDICATORS_RECOMPUTE_DEBOUNCE_SECONDS = env.int("INDICATORS_RECOMPUTE_DEBOUNCE_SECONDS", default=30)
# With a worker the dashboards' charts are drawn after each recompute (reports.dashboard.dashboard_charts_warm);
# with tasks in-process there is nothing to gain: the first view draws them.
DASHBOARD_CHARTS_WARM = env.bool("DASHBOARD_CHARTS_WARM", default=bool(REDIS_URL))

# A Redis outage must not take pages down: the cache then misses instead of raising (the broker side is
# core.jobs.QUEUE_UNAVAILABLE). Short timeouts: a hung Redis must not hang requests either.
CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
    }
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
if env.str("EMAIL_URL", default=""):  # smtp+tls://user:password@smtp.example.ru:587 — host, port, login, TLS at once
    vars().update(env.email_url("EMAIL_URL"))
# The portal's own address for links in e-mails, e.g. https://opora.example.ru (without it links are relative).
PORTAL_URL = env.str("PORTAL_URL", default="")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="opora@localhost")

# Production hardening; behind a TLS-terminating proxy that sets X-Forwarded-Proto.
# LOCAL_HTTP=true is the demo of scripts/run.sh: the product (DEBUG off) served to this machine over plain http,
# so no redirect to https, no HSTS and cookies without the Secure flag; `check --deploy` warns about it, as it should.
LOCAL_HTTP = env.bool("LOCAL_HTTP", default=False)
_HTTPS = not DEBUG and not LOCAL_HTTP
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=_HTTPS)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000 if _HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _HTTPS
SECURE_HSTS_PRELOAD = _HTTPS
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = _HTTPS
CSRF_COOKIE_SECURE = _HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts only from the portal's own static files, never inline, so injected
# markup cannot run. Styles allow inline: progress bars set their width in a style attribute, and matplotlib's SVG
# charts and htmx carry a <style> element. Charts are inline SVG; images may be data: URIs (Swagger UI's icons).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "ERROR"},  # it warns about every SVG attribute it does not use
        "fontTools": {"level": "ERROR"},
        "matplotlib": {"level": "WARNING"},
    },
}
if not REDIS_URL:
    # Tasks run in-process: Celery's «Task … succeeded in …» line for each of them and kombu's warning about the
    # in-memory transport's missing host would fill every command's output (seed_demo, imports) with noise.
    LOGGING["loggers"].update({"celery.app.trace": {"level": "WARNING"}, "kombu.connection": {"level": "ERROR"}})
