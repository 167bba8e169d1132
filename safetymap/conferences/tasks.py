"""Conference emails, sent by the worker (manage.py db_worker). No email names a child: each
gives the conference's reference, date and place, and asks the person to sign in (or, for a
family member, to contact the social worker)."""

from __future__ import annotations

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

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
        send_mail(SUBJECTS[email.kind], body, None, [address])
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
