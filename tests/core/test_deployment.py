"""Production settings, the compose file and the README's promises."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
PROD_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "k" * 20 + "-prod-secret-" + "z" * 30,
    "ALLOWED_HOSTS": "opora.example.ru",
    "DJANGO_SETTINGS_MODULE": "config.settings",
}


def manage(*args, env_extra=None):
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS")}
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_under_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env_extra=PROD_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_default_secret():
    result = manage("check", env_extra={**PROD_ENV, "SECRET_KEY": ""})
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_production_refuses_missing_hosts():
    env = {k: v for k, v in PROD_ENV.items() if k != "ALLOWED_HOSTS"}
    result = manage("check", env_extra=env)
    assert result.returncode != 0 and "ALLOWED_HOSTS" in result.stderr


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_all_services(compose):
    assert set(compose["services"]) == {"web", "worker", "beat", "db", "redis"}


@pytest.mark.parametrize("service", ["web", "worker", "beat", "db", "redis"])
def test_compose_service_has_healthcheck(compose, service):
    assert compose["services"][service]["healthcheck"]["test"]


def test_compose_keeps_data_in_volumes(compose):
    assert {"pgdata", "redisdata", "media"} <= set(compose["volumes"])


def test_compose_app_services_run_in_production_mode(compose):
    envs = {name: compose["services"][name]["environment"] for name in ("web", "worker", "beat")}
    assert all(e["DEBUG"] == "false" and e["REDIS_URL"].startswith("redis://") for e in envs.values())


def test_compose_worker_consumes_every_queue(compose):
    command = compose["services"]["worker"]["command"]
    assert all(q in command for q in ("default", "imports", "reports"))


def test_readme_gives_the_two_commands_first():
    text = (ROOT / "README.md").read_text()
    first = text[: text.index("## ", text.index("## ") + 3)]
    assert "scripts/run.sh" in first and "scripts/test.sh" in first


def test_ci_runs_the_readme_test_command():
    assert "scripts/test.sh" in (ROOT / ".ci" / "run").read_text()


def test_postgresql_sessions_idle_inside_a_transaction_are_ended():
    """Whatever options the DATABASE_URL brings, the idle-in-transaction limit is added to them."""
    code = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS']['options'])"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "true",
        "DATABASE_URL": "postgres://u@127.0.0.1:5432/x?options=-c%20statement_timeout%3D5s",
    }
    out = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.stdout.strip() == "-c statement_timeout=5s -c idle_in_transaction_session_timeout=600s", out.stderr


@pytest.mark.django_db
def test_the_database_server_applies_the_limit():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no sessions to end (CI runs this on PostgreSQL)")
    with connection.cursor() as cursor:
        cursor.execute("SHOW idle_in_transaction_session_timeout")
        assert cursor.fetchone()[0] == "10min"


def test_the_demo_serves_the_product_not_debug_mode():
    """scripts/run.sh: DEBUG off with a secret generated once, collected static files, gunicorn — no runserver."""
    script = (ROOT / "scripts" / "run.sh").read_text()
    assert 'export DEBUG="${DEBUG:-false}"' in script and "DEBUG=true" not in script
    assert "var/secret_key" in script and "secrets.token_urlsafe" in script
    assert "collectstatic" in script and "gunicorn config.wsgi:application" in script and "runserver" not in script


def test_local_http_is_the_product_over_plain_http():
    """The demo's LOCAL_HTTP keeps DEBUG off but drops what needs TLS; check --deploy still names what it dropped."""
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS")}
    env.update({**PROD_ENV, "LOCAL_HTTP": "true", "ALLOWED_HOSTS": "127.0.0.1,localhost"})
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.stdout.split() == ["False", "False", "False", "False", "0"], result.stderr
    deploy = manage("check", "--deploy", env_extra={**PROD_ENV, "LOCAL_HTTP": "true"})
    assert "SECURE_SSL_REDIRECT" in deploy.stdout + deploy.stderr


def test_in_process_tasks_leave_the_commands_output_clean():
    """Without a broker, Celery's per-task «succeeded in» lines and kombu's in-memory-host warning are not printed."""
    code = (
        "import django, logging; django.setup(); "
        "print(logging.getLogger('celery.app.trace').getEffectiveLevel(), "
        "logging.getLogger('kombu.connection').getEffectiveLevel())"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL",)}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    env["DEBUG"] = "true"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.stdout.split() == ["30", "40"], result.stderr  # WARNING, ERROR
