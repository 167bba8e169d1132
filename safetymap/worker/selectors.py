"""What the system administrator's background work page reads: tasks that are stuck, tasks that
failed, and emails that may not have gone. Task rows hold no case data (ids only), so this page
starts from the task table rather than from the access policy; only the system administrator
sees it (``views.background_work``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from safetymap.worker import lease
from safetymap.worker.models import EmailState, SentEmail

SHOWN = 100  # each list is bounded; the oldest stuck and the newest failed come first
WAITING_TOO_LONG = datetime.timedelta(minutes=10)
UNSURE_AFTER = datetime.timedelta(minutes=5)

# The practice's words for each task; a task not listed shows its function's name.
TASK_LABELS = {
    "safetymap.conferences.tasks.make_record_document": "Make a conference record document",
    "safetymap.conferences.tasks.send_conference_emails": "Send conference invitations and notices",
    "safetymap.cases.tasks.send_due_reminders": "Send the daily reminders of work due",
    "safetymap.cases.tasks.tell_agencies_plan_ended": "Tell agencies a plan has ended",
    "safetymap.cases.tasks.remind_front_door_of_decisions_due": "Remind the front door",
    "safetymap.cases.tasks.end_plans_at_eighteen": "End plans for young people who turned 18",
    "safetymap.mapping.tasks.alert_low_rating": "Alert managers to a low safety rating",
    "safetymap.access.tasks.tell_about_emergency_access": "Tell people about emergency access",
    "safetymap.feedback.tasks.send_feedback_invitation": "Send a feedback invitation",
    "safetymap.partnership.tasks.send_booking_email": "Send a training booking email",
    "safetymap.partnership.tasks.send_briefing_request_emails": "Send briefing request emails",
    "safetymap.accounts.tasks.send_password_link": "Send a set-password link",
}


@dataclass(frozen=True)
class TaskRow:
    label: str
    since: datetime.datetime | None
    tries: int
    what: str


def _label(task: DBTaskResult) -> str:
    return TASK_LABELS.get(task.task_path, task.task_path.rsplit(".", 1)[-1].replace("_", " "))


def _what_went_wrong(task: DBTaskResult) -> str:
    if task.exception_class_path.endswith("WorkerLost"):
        return f"The worker stopped while running it, {len(task.worker_ids)} times."
    if task.exception_class_path.endswith("TaskTimeLimitExceeded"):
        return f"It took longer than its time limit ({lease.time_limit(task.task_path):g} seconds)."
    name = task.exception_class_path.rsplit(".", 1)[-1]
    return f"It stopped with an error ({name}). The worker's log has the details."


def stuck_tasks() -> list[TaskRow]:
    """Running with no live worker (its lease lapsed: the next worker takes it back), or waiting
    for more than ten minutes (no worker may be running)."""
    now = timezone.now()
    running = lease.lapsed("default", now).order_by("started_at")[:SHOWN]
    waiting = (
        DBTaskResult.objects.ready()
        .filter(enqueued_at__lt=now - WAITING_TOO_LONG)
        .order_by("enqueued_at")[:SHOWN]
    )
    return [
        TaskRow(_label(t), t.started_at, len(t.worker_ids), "Its worker has stopped.")
        for t in running
    ] + [
        TaskRow(_label(t), t.enqueued_at, len(t.worker_ids), "Waiting for a worker.")
        for t in waiting
    ]


def failed_tasks() -> list[TaskRow]:
    failed = DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).order_by("-finished_at")
    return [
        TaskRow(_label(t), t.finished_at, len(t.worker_ids), _what_went_wrong(t))
        for t in failed[:SHOWN]
    ]


def unsure_emails() -> list[SentEmail]:
    """Claimed but never marked sent: the worker stopped while sending. They are not sent again
    by themselves (one might have gone): someone checks with the person."""
    return list(
        SentEmail.objects.filter(
            state=EmailState.SENDING, claimed_at__lt=timezone.now() - UNSURE_AFTER
        ).order_by("claimed_at")[:SHOWN]
    )
