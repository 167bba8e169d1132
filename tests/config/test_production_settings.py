"""SAFETYMAP_ENV=production needs its four settings, then `check --deploy` finds nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "SAFETYMAP_ENV": "production",
    "SECRET_KEY": "a-long-random-production-key-" + "x" * 40,
    "DATABASE_URL": "postgres://safetymap:pw@db.internal:5432/safetymap",
    "ALLOWED_HOSTS": "safetymap.larkford.example",
    "SAFETYMAP_AUDIT_KEY": "a-long-random-audit-key-" + "y" * 40,
    "SAFETYMAP_BASE_URL": "https://safetymap.larkford.example",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {*PRODUCTION, "DJANGO_SETTINGS_MODULE", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_in_production():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_each_required_setting():
    for missing in (
        "SECRET_KEY",
        "DATABASE_URL",
        "ALLOWED_HOSTS",
        "SAFETYMAP_AUDIT_KEY",
        "SAFETYMAP_BASE_URL",
    ):
        env = {k: v for k, v in PRODUCTION.items() if k != missing}
        result = manage("check", **env)
        assert result.returncode != 0
        assert f"{missing} must be set when SAFETYMAP_ENV=production" in result.stderr


def test_production_refuses_sqlite():
    result = manage("check", **{**PRODUCTION, "DATABASE_URL": "sqlite:///tmp/x.sqlite3"})
    assert result.returncode != 0 and "must point to PostgreSQL" in result.stderr


def test_production_refuses_a_short_audit_key_or_the_secret_key_as_the_audit_key():
    for key in ("too-short", PRODUCTION["SECRET_KEY"]):
        result = manage("check", **{**PRODUCTION, "SAFETYMAP_AUDIT_KEY": key})
        assert result.returncode != 0
        assert "SAFETYMAP_AUDIT_KEY must be at least 32 random characters" in result.stderr


def test_production_refuses_to_start_without_its_base_url_so_no_link_points_at_localhost():
    env = {k: v for k, v in PRODUCTION.items() if k != "SAFETYMAP_BASE_URL"}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "SAFETYMAP_BASE_URL must be set when SAFETYMAP_ENV=production" in result.stderr


def test_every_absolute_link_in_production_starts_with_the_configured_base_url():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; "
        "print(settings.SAFETYMAP_BASE_URL, settings.WAGTAILADMIN_BASE_URL)",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    base = PRODUCTION["SAFETYMAP_BASE_URL"]
    assert result.stdout.splitlines()[-1].split() == [base, base]
