"""Reminder emails: run by the worker (manage.py db_worker), queued daily by send_reminders."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from safetymap.accounts.models import User
from safetymap.core.workdays import add_working_days


@task()
def send_due_reminders() -> int:
    """Email each allocated worker what falls due soon or is overdue on their own allocations.

    Returns how many emails were sent. One email a person a day, listing everything, rather than
    one per item: practitioners read a digest; a stream of alerts gets filtered away.
    """
    from safetymap.cases.work import work_due

    today = timezone.localdate()
    horizon = add_working_days(today, settings.SAFETYMAP_REMINDER_WORKING_DAYS)
    workers = User.objects.filter(is_active=True, allocations__ended_on__isnull=True).distinct()
    sent = 0
    for worker in workers:
        items = [i for i in work_due(worker) if i.worker_id == worker.pk and i.due <= horizon]
        if not items:
            continue
        body = render_to_string(
            "cases/email/due_reminder.txt",
            {"worker": worker, "items": [(i, i.overdue(today)) for i in items], "today": today},
        )
        overdue = sum(1 for i in items if i.overdue(today))
        subject = f"Safetymap: {len(items)} due soon" + (f", {overdue} overdue" if overdue else "")
        send_mail(subject, body, None, [worker.email])
        sent += 1
    return sent


@task()
def tell_agencies_plan_ended(plan_id: int) -> int:
    """R16: tell each agency invited to the initial conference that the plan has ended.

    The email names no child: it gives the council's reference and asks the agency to sign in.
    An agency with no secure email address is marked as not sent, with the reason, so the
    episode page shows who still needs a phone call. Returns how many emails were sent."""
    from safetymap.cases.models import PlanEndNotice

    notices = PlanEndNotice.objects.filter(plan_id=plan_id, sent_at__isnull=True).select_related(
        "organisation", "plan__episode__child"
    )
    sent = 0
    for notice in notices:
        address = notice.organisation.secure_email
        if not address:
            notice.failure = (
                "The agency has no secure email address recorded. Tell them another way."
            )
            notice.save(update_fields=["failure"])
            continue
        child = notice.plan.episode.child
        send_mail(
            "Safetymap: a child protection plan has ended",
            render_to_string(
                "cases/email/plan_ended.txt",
                {"notice": notice, "reference": child.la_child_id, "plan": notice.plan},
            ),
            None,
            [address],
        )
        notice.sent_at, notice.failure = timezone.now(), ""
        notice.save(update_fields=["sent_at", "failure"])
        sent += 1
    return sent
