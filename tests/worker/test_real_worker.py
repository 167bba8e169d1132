"""The worker as a real process (``manage.py run_worker``) against PostgreSQL: killed with
``kill -9`` in the middle of a document, sent the reminders twice, and with its database server
restarted under it. Run in the PostgreSQL part of `make test` (see conftest.py)."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection
from django_tasks_db.models import DBTaskResult

from safetymap.conferences import generated
from safetymap.conferences.models import DocumentState, GeneratedDocument
from safetymap.worker.models import SentEmail
from tests.conferences import journey
from tests.conferences.conftest import make_family

ROOT = Path(__file__).resolve().parents[2]
LEASE_SECONDS = "1.5"
TABLE = DBTaskResult._meta.db_table

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def tasks_in_the_database(settings):
    """This test's queued tasks go to the database for the worker, not run at once."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def url_of(settings_dict: dict) -> str:
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    return (
        f"postgres://{settings_dict['USER']}{password}@{settings_dict['HOST']}:"
        f"{settings_dict['PORT']}/{settings_dict['NAME']}"
    )


def start_worker(database_url: str, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "SAFETYMAP_ENV": "development",
        "DATABASE_URL": database_url,
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "SAFETYMAP_TASK_LEASE_SECONDS": LEASE_SECONDS,
    }
    command = [sys.executable, "manage.py", "run_worker", "--queue-name", "*"]
    command += ["--interval", "0.1", "--no-startup-delay"]
    with log.open("ab") as out:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def wait_for(check: Callable[[], bool], what: str, seconds: float = 30.0) -> None:
    give_up = time.monotonic() + seconds
    while not check():
        if time.monotonic() > give_up:
            raise AssertionError(f"Waited {seconds:g} s for {what}")
        time.sleep(0.1)


def stop(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def test_a_document_whose_worker_is_killed_mid_document_is_made_by_the_next_worker(
    settings, tmp_path
):
    family = make_family()
    conference = journey.recorded(family)  # its emails are sent at once
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    document = generated.ask_for(
        by=family.chair, conference=conference, version="full", fmt="pdf", recipient=None
    )
    assert document.state == DocumentState.PREPARING
    task = DBTaskResult.objects.get()
    url, log = url_of(connection.settings_dict), tmp_path / "worker.log"
    # The document's row is locked here, so the first worker, once it has made the PDF, waits
    # to record it: it is certainly in the middle of the document when it is killed.
    with psycopg.connect(url.replace("postgres://", "postgresql://")) as holder:
        holder.execute(
            "SELECT id FROM conferences_generateddocument WHERE id = %s FOR UPDATE",
            [document.pk],
        )
        first = start_worker(url, log)
        try:
            wait_for(lambda: DBTaskResult.objects.get().status == "RUNNING", "the first claim")
            time.sleep(1.0)
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
        finally:
            stop(first)
        holder.rollback()
    task.refresh_from_db()
    assert task.status == "RUNNING"  # what a dead worker leaves behind
    second = start_worker(url, log)
    try:
        wait_for(
            lambda: GeneratedDocument.objects.get(pk=document.pk).state == DocumentState.READY,
            "the second worker to make the document",
            seconds=45,
        )
    finally:
        stop(second)
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL" and len(task.worker_ids) == 2, log.read_text()


def test_the_reminders_sent_twice_send_each_email_once(tasks_in_the_database, tmp_path):
    from safetymap.accounts.roles import Role
    from tests.cases.test_work_and_reminders import TODAY, assessment_for
    from tests.factories import UserFactory

    assessment_for(UserFactory(roles=[Role.SOCIAL_WORKER]), TODAY())
    call_command("send_reminders")
    call_command("send_reminders")
    log = tmp_path / "worker.log"
    worker = start_worker(url_of(connection.settings_dict), log)
    try:
        wait_for(
            lambda: DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 2,
            "both reminder tasks",
        )
    finally:
        stop(worker)
    assert sorted(DBTaskResult.objects.values_list("return_value", flat=True)) == [0, 1]
    assert log.read_text().count("Subject: Safetymap: 1 due soon") == 1
    assert SentEmail.objects.filter(state="SENT").count() == 1


# --- A PostgreSQL server of the test's own, to restart ----------------------------------------


def postgres_bindir() -> Path:
    # As scripts/run_tests.py finds it: the newest Debian PostgreSQL server.
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
    )
    assert found, "the PostgreSQL server is not installed: apt-get install postgresql"
    return Path(found[-1]).parent


@pytest.fixture
def own_postgres() -> Iterator[Callable[[], None]]:
    """A throwaway server with only the worker's tables; yields a function that restarts it.
    As root (as in CI) it runs as the `postgres` user, which PostgreSQL requires."""
    bindir, datadir = postgres_bindir(), Path(tempfile.mkdtemp(prefix="safetymap-wt-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(datadir, owner.pw_uid, owner.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    quiet = {"stdout": subprocess.DEVNULL, "check": True}
    subprocess.run(
        [*as_user, bindir / "initdb", "-D", datadir / "data", "-U", "safetymap", "-A", "trust"]
        + ["--no-sync", "--locale=C.UTF-8"],
        **quiet,
    )
    pg_ctl = [*as_user, bindir / "pg_ctl", "-D", datadir / "data", "-l", datadir / "log", "-w"]
    options = f"-p {port} -k {datadir} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run([*pg_ctl, "-o", options, "start"], **quiet)
    url = f"postgres://safetymap@127.0.0.1:{port}/postgres"
    try:
        with psycopg.connect(url.replace("postgres://", "postgresql://"), autocommit=True) as c:
            for sql in schema_of_the_worker_tables():
                c.execute(sql)
        yield url, lambda: subprocess.run([*pg_ctl, "-m", "fast", "restart"], **quiet)
    finally:
        subprocess.run([*pg_ctl, "-m", "immediate", "stop"], stdout=subprocess.DEVNULL)
        shutil.rmtree(datadir, ignore_errors=True)


def schema_of_the_worker_tables() -> list[str]:
    """The CREATE statements for the task, lease and email tables, as Django writes them (the
    whole schema takes minutes to migrate; the worker needs only these)."""
    from safetymap.worker.models import SentEmail, TaskLease

    with connection.schema_editor(collect_sql=True) as editor:
        for model in (DBTaskResult, TaskLease, SentEmail):
            editor.create_model(model)
    return list(editor.collected_sql)


def test_the_worker_carries_on_when_postgresql_restarts_under_it(own_postgres, tmp_path):
    url, restart = own_postgres
    dsn = url.replace("postgres://", "postgresql://")

    def queue(key: str) -> None:
        with psycopg.connect(dsn, autocommit=True) as c:
            c.execute(
                f"INSERT INTO {TABLE} (id, status, enqueued_at, args_kwargs,"  # noqa: S608 - the model's own table name
                " priority, task_path, worker_ids, queue_name, backend_name, run_after,"
                " return_value, exception_class_path, traceback) VALUES (gen_random_uuid(),"
                " 'READY', now(), %s, 0, 'tests.worker.tasks.note', '[]', 'default',"
                " 'default', '9999-01-01', 'null', '', '')",
                [f'{{"args": [], "kwargs": {{"key": "{key}"}}}}'],
            )

    def done() -> int:
        try:
            with psycopg.connect(dsn) as c:
                row = c.execute(
                    f"SELECT count(*) FROM {TABLE} WHERE status = 'SUCCESSFUL'"  # noqa: S608
                ).fetchone()
                return row[0]
        except psycopg.OperationalError:
            return -1

    log = tmp_path / "worker.log"
    worker = start_worker(url, log)
    try:
        queue("before")
        wait_for(lambda: done() == 1, "the task before the restart")
        restart()
        queue("after")
        wait_for(lambda: done() == 2, "the task after the restart")
        assert worker.poll() is None, log.read_text()
    finally:
        stop(worker)
