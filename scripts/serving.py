"""Safetymap's server started as it is really run, in a folder of its own, and stopped afterwards.

Shared by the load run (bench/load.py) and the test that serves production settings
(tests/config/test_production_serving.py), so both start the server the same way:

- development settings (``SAFETYMAP_ENV=development``): ``manage.py runserver``, as ``make run``;
- production settings: gunicorn with ``config/gunicorn.conf.py``, as docs/deploy.md runs it. The
  port is given through ``SAFETYMAP_BIND`` and the number of workers through
  ``SAFETYMAP_WEB_WORKERS``, so every other setting is the configuration file's own.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import requests

from scripts.run_tests import free_port

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
STARTUP_SECONDS = 90


def base_env(folder: Path) -> dict[str, str]:
    """This process's environment without Safetymap's or Django's own settings, with the
    service's files (its var/, media and uploads) in ``folder``."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("SAFETYMAP_", "DJANGO_"))}
    keep.pop("DATABASE_URL", None)
    keep.pop("DATABASE_REPLICA_URL", None)  # the test run's replica, not this server's database
    return {
        **keep,
        "SAFETYMAP_VAR_DIR": str(folder),
        "SAFETYMAP_MEDIA_ROOT": str(folder / "media"),
        "SAFETYMAP_UPLOAD_ROOT": str(folder / "uploads"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }


def production_env(folder: Path, database_url: str, **overrides: str) -> dict[str, str]:
    """Production settings as docs/deploy.md sets them, on ``database_url``, serving 127.0.0.1.

    Static files are collected into ``folder``; emails stay in memory (nothing is sent from
    here) and new passwords are not looked up online (this machine has no internet).
    """
    return {
        **base_env(folder),
        "SAFETYMAP_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SAFETYMAP_AUDIT_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SAFETYMAP_BASE_URL": "https://127.0.0.1",
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(folder / "static"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "SAFETYMAP_BREACHED_PASSWORD_CHECK": "0",
        **overrides,
    }


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def server_command(env: dict[str, str], port: int) -> tuple[list[str], dict[str, str]]:
    """The command that serves these settings on ``port``, and its environment."""
    if env.get("SAFETYMAP_ENV") == "production":
        command = [PYTHON, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"]
        return command, {**env, "SAFETYMAP_BIND": f"127.0.0.1:{port}"}
    # `make run` serves with runserver (threaded); --noreload keeps it to one process.
    return [PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"], env


@contextlib.contextmanager
def serving(env: dict[str, str], folder: Path, *, worker: bool = True) -> Iterator[str]:
    """The server (and, unless ``worker=False``, its background worker) for these settings,
    started in ``folder`` (its output in ``folder / "server.log"``); yields the server's base
    URL once it answers, and stops both afterwards."""
    port = free_port()
    log_path = folder / "server.log"
    logs = log_path.open("ab")
    processes: list[subprocess.Popen] = []
    try:
        if worker:
            processes.append(
                subprocess.Popen(
                    [PYTHON, "manage.py", "db_worker", "--queue-name", "*"],
                    cwd=ROOT,
                    env=env,
                    stdout=logs,
                    stderr=logs,
                )
            )
        command, server_env = server_command(env, port)
        server = subprocess.Popen(command, cwd=ROOT, env=server_env, stdout=logs, stderr=logs)
        processes.append(server)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            with contextlib.suppress(requests.RequestException):
                # Not followed: production redirects plain http to https, which is not served here.
                answer = requests.get(base + "/sign-in/", timeout=5, allow_redirects=False)
                if answer.status_code < 500:
                    break
            if server.poll() is not None or time.monotonic() > deadline:
                # The folder may be removed afterwards, so the log's end is shown here.
                tail = log_path.read_text(errors="replace")[-3000:]
                raise RuntimeError(f"the server did not start:\n{tail}")
            time.sleep(0.5)
        yield base
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        logs.close()
