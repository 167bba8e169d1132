"""What the background worker keeps beside django-tasks-db's own task rows: the lease on each
running task, and every email sent under its unique key."""

from __future__ import annotations

from django.db import models
from django_tasks_db.models import DBTaskResult


class TaskLease(models.Model):
    """A running task's lease. The worker renews it while the task runs (``lease.Heartbeat``);
    when it lapses, the worker has gone (killed, its machine lost) and another worker takes the
    task back (``lease.take_back_lapsed``). django-tasks-db marks a task RUNNING and nothing
    more, so a dead worker's task would stay RUNNING for ever without this."""

    task = models.OneToOneField(
        DBTaskResult, on_delete=models.CASCADE, primary_key=True, related_name="lease"
    )
    worker_id = models.CharField(max_length=64)
    claimed_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)
    # The hard end: the task's time limit and a margin. A worker that is alive but stuck where
    # its alarm cannot reach (inside C code) keeps renewing; past this it is taken back anyway.
    deadline = models.DateTimeField()

    def __str__(self) -> str:
        return f"Lease on task {self.task_id} until {self.expires_at:%H:%M:%S}"


class EmailState(models.TextChoices):
    SENDING = "SENDING", "Being sent"
    SENT = "SENT", "Sent"


class SentEmail(models.Model):
    """One email, recorded under a key that says what it is for (``due-reminder:<person>:<date>``,
    ``conference-email:<id>``…). The key is claimed before the email goes, so a task run twice,
    or by two workers at once, sends it once. No case data: the subject (which names no child)
    and how many people it went to."""

    key = models.CharField(max_length=200, unique=True)
    subject = models.CharField(max_length=200)
    recipients = models.PositiveIntegerField(default=0)
    state = models.CharField(max_length=8, choices=EmailState.choices, default=EmailState.SENDING)
    claimed_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-claimed_at", "-pk"]

    def __str__(self) -> str:
        return self.key
