"""Leases, time limits and emails sent once, without a worker process (every engine)."""

from __future__ import annotations

import datetime
import time

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from safetymap.accounts.roles import Role
from safetymap.conferences import generated
from safetymap.conferences.models import DocumentState
from safetymap.worker import lease
from safetymap.worker.mail import send_once
from safetymap.worker.models import EmailState, SentEmail, TaskLease
from tests.conferences import journey
from tests.conferences.conftest import make_family

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued_document(settings):
    family = make_family()
    conference = journey.recorded(family)  # its emails are sent at once, as in every test
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return generated.ask_for(
        by=family.chair,
        conference=conference,
        version="full",
        fmt="pdf",
        recipient=None,
    )


def claim_and_lose(worker_id: str) -> DBTaskResult:
    """A worker claims the task and dies: its lease is left to lapse."""
    claimed = lease.claim_next(DBTaskResult.objects.ready(), worker_id)
    assert claimed is not None
    TaskLease.objects.filter(task=claimed).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    return claimed


def test_a_claimed_task_has_a_lease_from_its_claim(queued_document):
    claimed = lease.claim_next(DBTaskResult.objects.ready(), "worker-a")
    assert claimed.status == "RUNNING" and claimed.lease.worker_id == "worker-a"
    assert claimed.lease.expires_at > timezone.now()
    assert lease.take_back_lapsed("default") == (0, 0)  # a live lease is left alone


def test_a_task_whose_lease_lapsed_is_taken_back_and_claimed_again(queued_document):
    claim_and_lose("worker-a")
    assert lease.take_back_lapsed("default") == (1, 0)
    task = DBTaskResult.objects.get()
    assert task.status == "READY" and not TaskLease.objects.exists()
    again = lease.claim_next(DBTaskResult.objects.ready(), "worker-b")
    assert again.worker_ids == ["worker-a", "worker-b"]


def test_a_document_whose_worker_died_three_times_could_not_be_made_and_can_be_tried_again(
    queued_document,
):
    for attempt in range(3):
        claim_and_lose(f"worker-{attempt}")
        lease.take_back_lapsed("default")
    task = DBTaskResult.objects.get()
    assert task.status == "FAILED" and task.exception_class_path.endswith("WorkerLost")
    queued_document.refresh_from_db()
    assert queued_document.state == DocumentState.FAILED
    assert queued_document.failure == generated.COULD_NOT_MAKE


def test_a_document_past_its_time_limit_says_it_took_too_long(queued_document, settings):
    from safetymap.conferences.tasks import document_task_finished

    claimed = lease.claim_next(DBTaskResult.objects.ready(), "worker-a")
    claimed.set_failed(lease.TaskTimeLimitExceeded("The task ran for more than 120 seconds."))
    document_task_finished(None, claimed.task_result)
    queued_document.refresh_from_db()
    assert queued_document.state == DocumentState.FAILED
    assert queued_document.failure == generated.TOOK_TOO_LONG


def test_code_past_its_time_limit_is_interrupted_even_if_it_catches_exceptions():
    started = time.monotonic()
    with pytest.raises(lease.TaskTimeLimitExceeded), lease.time_limited(0.2):
        while True:
            try:
                time.sleep(0.05)
            except Exception:  # noqa: S112 - what a careless task does
                continue
    assert time.monotonic() - started < 2


def test_an_email_under_a_key_already_used_is_not_sent_again(mailoutbox):
    assert send_once("test:1", "Safetymap: a note", "Body", ["a@fictional.example"]) is True
    assert send_once("test:1", "Safetymap: a note", "Body", ["a@fictional.example"]) is False
    assert len(mailoutbox) == 1
    assert SentEmail.objects.get().state == EmailState.SENT


def test_an_email_that_could_not_be_sent_can_be_tried_again(mailoutbox, settings):
    settings.EMAIL_BACKEND = "tests.worker.test_leases_and_emails.RefusingBackend"
    with pytest.raises(OSError):
        send_once("test:2", "Safetymap: a note", "Body", ["a@fictional.example"])
    assert not SentEmail.objects.exists()


class RefusingBackend:
    def __init__(self, **kwargs) -> None:
        pass

    def send_messages(self, messages) -> int:
        raise OSError("The mail server refused the connection")


def test_the_background_work_page_lists_stuck_and_failed_tasks(queued_document, signed_in):
    claim_and_lose("worker-a")
    SentEmail.objects.create(
        key="test:3",
        subject="Safetymap: a note",
        recipients=1,
        claimed_at=timezone.now() - datetime.timedelta(hours=1),
    )
    html = signed_in(Role.SYSTEM_ADMINISTRATOR).get("/system/background-work/").content.decode()
    assert "Make a conference record document" in html and "Its worker has stopped." in html
    assert "No task has failed." in html
    assert "Safetymap: a note, to 1 person" in html


def test_a_second_worker_with_the_same_lock_file_does_not_start(tmp_path):
    from django.core.management.base import CommandError

    from safetymap.worker.management.commands.run_worker import hold_lock

    first = hold_lock(tmp_path / "worker.lock")
    try:
        with pytest.raises(CommandError, match="Another worker is running"):
            hold_lock(tmp_path / "worker.lock", wait_seconds=0.3)
    finally:
        first.close()
    hold_lock(tmp_path / "worker.lock", wait_seconds=0.3).close()  # free once the first stops
