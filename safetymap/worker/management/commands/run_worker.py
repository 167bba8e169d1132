"""``manage.py run_worker``: django-tasks-db's worker, made to survive.

The library's ``db_worker`` claims and runs tasks; this command runs its ``Worker`` with what it
lacks (see ``safetymap.worker.lease``): a lease on every claimed task, renewed while it runs;
taking back the tasks of workers that died; a time limit per task; and staying up when the
database goes away (``db_worker`` exits on the first error that is not "database is locked",
and stays down). Options are ``db_worker``'s, plus ``--lock-file`` (one worker per lock: what
``make run`` uses so that a second ``make run`` never starts a second worker) and
``--exit-with-parent`` (stop when the process that started it has gone, even by ``kill -9``).
"""

from __future__ import annotations

import fcntl
import logging
import os
import sys
import time
from pathlib import Path
from typing import IO, Any

from django.core.management.base import CommandError
from django.db import DatabaseError, close_old_connections, connections
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from safetymap.worker import lease

logger = logging.getLogger("django_tasks_db")

TAKE_BACK_EVERY_SECONDS = 5.0
LONGEST_RECONNECT_WAIT_SECONDS = 10.0


class SurvivingWorker(db_worker.Worker):
    def __init__(self, *, exit_with_parent: bool, **options: Any) -> None:
        super().__init__(**options)
        self.parent = os.getppid() if exit_with_parent else None
        self.next_take_back = 0.0

    def run(self) -> None:
        # The library's loop, with the claim through lease.claim_next, the periodic take-back,
        # and database errors waited out instead of ending the worker. Written here rather than
        # overriding a smaller method because the library's loop is one method.
        logger.info("Starting worker worker_id=%s queues=%s", self.worker_id, self.queue_names)
        failures = 0
        while self.running:
            if self.parent is not None and os.getppid() != self.parent:
                logger.warning("The process that started this worker has gone: stopping.")
                return
            try:
                close_old_connections()
                if time.monotonic() >= self.next_take_back:
                    lease.take_back_lapsed(self.backend_name)
                    self.next_take_back = time.monotonic() + min(
                        TAKE_BACK_EVERY_SECONDS, lease.lease_seconds()
                    )
                task_result = lease.claim_next(self.ready_tasks(), self.worker_id)
                failures = 0
            except DatabaseError as error:
                failures += 1
                wait = min(0.5 * 2 ** (failures - 1), LONGEST_RECONNECT_WAIT_SECONDS)
                logger.warning("Database unavailable (%s): trying again in %.1f s", error, wait)
                connections.close_all()
                time.sleep(wait)
                continue
            if task_result is not None:
                try:
                    self.run_task(task_result)
                except DatabaseError as error:
                    # The result could not be recorded (the database went away mid-task): the
                    # lease lapses and the task is taken back and run again.
                    logger.warning("Could not record task %s: %s", task_result.pk, error)
                    connections.close_all()
                    continue
            elif self.batch:
                logger.info("No more tasks to run for worker_id=%s.", self.worker_id)
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                return
            if self.running and task_result is None:
                time.sleep(self.interval)

    def ready_tasks(self):
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        return tasks

    def run_task(self, db_task_result: DBTaskResult) -> None:
        heartbeat = lease.Heartbeat(db_task_result.pk, self.worker_id)
        heartbeat.start()
        try:
            # The library records any exception, the time limit's included, as FAILED.
            with lease.time_limited(lease.time_limit(db_task_result.task_path)):
                super().run_task(db_task_result)
        finally:
            heartbeat.stop()
        try:
            lease.release(db_task_result.pk)
        except DatabaseError:
            # The result is recorded, or else the lease lapses and the task runs again.
            logger.warning("Could not release the lease on task %s", db_task_result.pk)
            connections.close_all()


def hold_lock(path: Path, wait_seconds: float = 15.0) -> IO[str]:
    """Hold an exclusive lock on ``path`` for the life of the process. Waits a little for a
    worker that is stopping (its parent has gone) before giving up."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("a+")
    give_up = time.monotonic() + wait_seconds
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if time.monotonic() > give_up:
                raise CommandError(
                    f"Another worker is running (it holds {path}). Stop it first."
                ) from None
            time.sleep(0.2)
            continue
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        return handle


class Command(db_worker.Command):
    help = "Run the background worker: leases, time limits, and reconnecting to the database"

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(reload=False)
        parser.add_argument("--lock-file", type=Path, default=None)
        parser.add_argument("--exit-with-parent", action="store_true")

    def handle(self, *, verbosity: int, **options: Any) -> None:
        if options["reload"]:
            raise CommandError("run_worker does not reload on code changes: restart it.")
        self.configure_logging(verbosity)
        lock = hold_lock(options["lock_file"]) if options["lock_file"] else None
        worker = SurvivingWorker(
            queue_names=options["queue_name"].split(","),
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=(
                options["exclude_queues"].split(",") if options["exclude_queues"] else []
            ),
            exit_with_parent=options["exit_with_parent"],
        )
        worker.configure_signals()
        try:
            worker.run()
        finally:
            if lock is not None:
                lock.close()
        sys.stdout.flush()
