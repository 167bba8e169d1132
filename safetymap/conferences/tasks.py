"""Conference emails, sent by the worker (manage.py run_worker). No email names a child: each
gives the conference's reference, date and place, and asks the person to sign in (or, for a
family member, to contact the social worker)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from safetymap.worker.mail import send_once

SUBJECTS = {
    "INVITATION": "Safetymap: you are invited to a child protection conference",
    "REPORT_REQUEST": "Safetymap: please write your agency's report for a conference",
    "REPORT_REMINDER": "Safetymap: reminder, your agency's conference report is due",
    "POSTPONED": "Safetymap: a child protection conference has been postponed",
    "CANCELLED": "Safetymap: a child protection conference has been cancelled",
}


@task()
def send_conference_emails(email_ids: list[int]) -> int:
    """Send each queued email; one without an address is marked not sent, with the reason, so
    the conference page shows who needs telling another way. Returns how many were sent."""
    from safetymap.conferences.models import ConferenceEmail
    from safetymap.conferences.services import report_due_on

    emails = ConferenceEmail.objects.filter(pk__in=email_ids, sent_at__isnull=True).select_related(
        "conference", "invitation"
    )
    sent = 0
    for email in emails:
        address = email.invitation.email
        if not address:
            email.failure = "No email address is recorded. Tell them another way."
            email.save(update_fields=["failure"])
            continue
        conference = email.conference
        body = render_to_string(
            "conferences/email/notice.txt",
            {
                "email": email,
                "conference": conference,
                "invitation": email.invitation,
                "report_due": report_due_on(conference) if conference.scheduled_on else None,
            },
        )
        send_once(f"conference-email:{email.pk}", SUBJECTS[email.kind], body, [address])
        email.sent_at, email.failure = timezone.now(), ""
        email.save(update_fields=["sent_at", "failure"])
        sent += 1
    return sent


@task()
def make_record_document(document_id: int) -> str:
    """Make the record as a PDF or Word file (generated.make): a second or more of WeasyPrint,
    kept out of every web request."""
    from safetymap.conferences.generated import make

    return make(document_id)


def document_task_finished(sender, task_result, **kwargs) -> None:
    """A document whose task failed outside ``generated.make``'s own error handling (it ran
    past its time limit, or its worker died too many times) says it could not be made, so the
    person can try again, rather than "being prepared" for ever."""
    from django_tasks.base import TaskResultStatus

    from safetymap.conferences.generated import could_not_make

    if task_result.status != TaskResultStatus.FAILED:
        return
    if task_result.task.module_path != make_record_document.module_path:
        return
    errors = task_result.errors
    took_too_long = bool(errors) and errors[-1].exception_class_path.endswith(
        "TaskTimeLimitExceeded"
    )
    could_not_make(task_result.kwargs["document_id"], took_too_long=took_too_long)
