"""Feedback invitations by email: run by the worker (manage.py run_worker)."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from safetymap.feedback import links
from safetymap.feedback.models import Invitation
from safetymap.worker.mail import already_sent, send_once


@task()
def send_feedback_invitation(invitation_id: int) -> bool:
    """Make the invitation's link and email it. The token exists only here and in the email,
    never in the task queue. The email never names the child: it gives the conference's kind
    and date, which the person was at. Returns whether an email was sent."""
    from safetymap.feedback.services import issue_link_for_email

    if not settings.SAFETYMAP_BASE_URL:
        Invitation.objects.filter(pk=invitation_id).update(
            email_failure="Not sent: the service's address (SAFETYMAP_BASE_URL) is not set."
        )
        return False
    key = f"feedback-invitation:{invitation_id}"
    if already_sent(key):  # run again: a new link would break the one already emailed
        return False
    issued = issue_link_for_email(invitation_id)
    if issued is None:
        return False
    invitation, token = issued
    try:
        sent = send_once(
            key,
            f"{settings.SAFETYMAP_COUNCIL_NAME}: tell us what you thought of the meeting",
            render_to_string(
                "feedback/email/invitation.txt",
                {
                    "invitation": invitation,
                    "link": links.link_for(token),
                    "days": settings.SAFETYMAP_FEEDBACK_LINK_DAYS,
                    "council": settings.SAFETYMAP_COUNCIL_NAME,
                },
            ),
            [invitation.email],
        )
    except OSError as error:  # the mail server refused or could not be reached
        Invitation.objects.filter(pk=invitation.pk).update(
            email_failure=f"The email could not be sent: {error}"[:300]
        )
        return False
    if not sent:
        return False
    Invitation.objects.filter(pk=invitation.pk).update(
        email_sent_at=timezone.now(), email_failure=""
    )
    return True
