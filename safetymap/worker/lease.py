"""Leases and time limits for the worker's tasks (``manage.py run_worker``).

django-tasks-db claims a task by marking it RUNNING with ``SELECT … FOR UPDATE SKIP LOCKED``
and keeps no lease: a worker killed mid-task leaves it RUNNING for ever, and nothing limits how
long a task may take. This module adds the two things it lacks, beside its own rows:

- a lease (``TaskLease``) written in the same transaction as the claim and renewed by a
  heartbeat thread while the task runs; a lapsed lease means the worker has gone, and any
  worker takes the task back: READY again, or FAILED after ``SAFETYMAP_TASK_ATTEMPTS`` tries,
  so a task that kills its worker every time cannot loop for ever;
- a time limit per task (``SAFETYMAP_TASK_TIME_LIMITS``), enforced by an alarm in the worker:
  the task is interrupted with ``TaskTimeLimitExceeded`` and marked FAILED.

Every task is written to be safe to run again (emails go through ``mail.send_once``), so a
task taken back from a worker that was only slow does no harm when it runs a second time.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import signal
import threading
from collections.abc import Iterator

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Q
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks.signals import task_finished
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from safetymap.worker.models import TaskLease

logger = logging.getLogger(__name__)


class TaskTimeLimitExceeded(BaseException):
    """Raised inside a task that ran past its time limit. A BaseException, like SystemExit, so
    a task's own ``except Exception`` cannot swallow it and carry on."""


class WorkerLost(Exception):
    """Recorded as the error of a task whose worker stopped while running it, too many times."""


def lease_seconds() -> float:
    return float(settings.SAFETYMAP_TASK_LEASE_SECONDS)


def time_limit(task_path: str) -> float:
    limits = settings.SAFETYMAP_TASK_TIME_LIMITS
    return float(limits.get(task_path, settings.SAFETYMAP_TASK_TIME_LIMIT_SECONDS))


def longest_time_limit() -> float:
    return max(
        [settings.SAFETYMAP_TASK_TIME_LIMIT_SECONDS, *settings.SAFETYMAP_TASK_TIME_LIMITS.values()]
    )


def claim_next(tasks, worker_id: str) -> DBTaskResult | None:
    """Claim the next ready task (the library's own locking claim) and write its lease in the
    same transaction: a task is never RUNNING without a lease."""
    with exclusive_transaction(tasks.db):
        task_result = tasks.get_locked()
        if task_result is None:
            return None
        task_result.claim(worker_id)
        now = timezone.now()
        TaskLease.objects.update_or_create(
            task=task_result,
            defaults={
                "worker_id": worker_id,
                "claimed_at": now,
                "expires_at": now + datetime.timedelta(seconds=lease_seconds()),
                "deadline": now
                + datetime.timedelta(seconds=time_limit(task_result.task_path) + lease_seconds()),
            },
        )
        return task_result


def release(task_id) -> None:
    TaskLease.objects.filter(task_id=task_id).delete()


class Heartbeat(threading.Thread):
    """Renews a running task's lease every third of its length, on its own connection."""

    def __init__(self, task_id, worker_id: str) -> None:
        super().__init__(name=f"lease-{task_id}", daemon=True)
        self.task_id, self.worker_id = task_id, worker_id
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(lease_seconds() / 3):
                try:
                    TaskLease.objects.filter(task_id=self.task_id, worker_id=self.worker_id).update(
                        expires_at=timezone.now() + datetime.timedelta(seconds=lease_seconds())
                    )
                except DatabaseError:
                    # The database is away (a restart): try again at the next beat, on a new
                    # connection. If it stays away past the lease, the task is taken back.
                    logger.warning("Could not renew the lease on task %s", self.task_id)
                    connection.close()
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=5)


@contextlib.contextmanager
def time_limited(seconds: float) -> Iterator[None]:
    """Interrupt the code inside after ``seconds`` (main thread only: a POSIX alarm)."""

    def interrupt(signum, frame) -> None:
        raise TaskTimeLimitExceeded(f"The task ran for more than {seconds:g} seconds.")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def lapsed(backend_name: str, now: datetime.datetime):
    """RUNNING tasks whose worker has gone: the lease lapsed, or the hard deadline passed, or
    (claimed by a plain ``db_worker``, without a lease) started longer ago than any task may
    take."""
    unleased_since = now - datetime.timedelta(seconds=longest_time_limit() + lease_seconds())
    return DBTaskResult.objects.running().filter(
        Q(lease__expires_at__lt=now)
        | Q(lease__deadline__lt=now)
        | Q(lease__isnull=True, started_at__lt=unleased_since),
        backend_name=backend_name,
    )


def take_back_lapsed(backend_name: str) -> tuple[int, int]:
    """Take back the tasks whose worker has gone: READY again to be run by the next free
    worker, or FAILED when they have been tried ``SAFETYMAP_TASK_ATTEMPTS`` times (a failure
    the apps hear through django-tasks' ``task_finished`` signal, as for any other). Returns
    (taken back, failed)."""
    now = timezone.now()
    failed: list[DBTaskResult] = []
    taken_back = 0
    tasks = lapsed(backend_name, now)
    with exclusive_transaction(tasks.db):
        for task_result in tasks.select_for_update(skip_locked=True, of=("self",)):
            TaskLease.objects.filter(task=task_result).delete()
            tries = len(task_result.worker_ids)
            if tries >= settings.SAFETYMAP_TASK_ATTEMPTS:
                task_result.set_failed(
                    WorkerLost(
                        f"The worker stopped while running this task, {tries} times. "
                        "It will not be tried again by itself."
                    )
                )
                failed.append(task_result)
            else:
                task_result.status = TaskResultStatus.READY
                task_result.started_at = None
                task_result.save(update_fields=["status", "started_at"])
                taken_back += 1
                logger.warning(
                    "Took back task %s (%s) from a worker that stopped",
                    task_result.pk,
                    task_result.task_path,
                )
    for task_result in failed:
        try:
            sender = type(task_result.task.get_backend())
            task_finished.send(sender=sender, task_result=task_result.task_result)
        except ImportError:
            logger.exception("Task %s failed and its code is gone", task_result.pk)
    return taken_back, len(failed)
