"""Reminder emails: run by the worker (manage.py run_worker), queued daily by send_reminders."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from safetymap.accounts.models import User
from safetymap.accounts.roles import Role, group_name
from safetymap.core.workdays import add_working_days
from safetymap.worker.mail import send_once


@task()
def send_due_reminders() -> int:
    """Email each allocated worker what falls due soon or is overdue on their own allocations.

    Returns how many emails were sent. One email a person a day, listing everything, rather than
    one per item: practitioners read a digest; a stream of alerts gets filtered away. Each is
    sent under the key of the person and the day, so running it twice sends each once.
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
        sent += send_once(
            f"due-reminder:{worker.pk}:{today.isoformat()}", subject, body, [worker.email]
        )
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
        send_once(
            f"plan-ended:{notice.pk}",
            "Safetymap: a child protection plan has ended",
            render_to_string(
                "cases/email/plan_ended.txt",
                {"notice": notice, "reference": child.la_child_id, "plan": notice.plan},
            ),
            [address],
        )
        notice.sent_at, notice.failure = timezone.now(), ""
        notice.save(update_fields=["sent_at", "failure"])
        sent += 1
    return sent


REMIND_HOURS_BEFORE = 2  # R1: the alert at T-2h


@task()
def remind_front_door_of_decisions_due() -> int:
    """R1: tell the front door about contacts whose decision falls due within 2 hours (or is
    already overdue) and that nobody has been reminded of yet, in one email to each front door
    practitioner. Each contact is claimed before the email goes, so a second run, or two
    workers at once, never remind of the same contact twice. Returns how many contacts were
    in the reminder."""
    from safetymap.cases.models import Contact

    now = timezone.now()
    horizon = now + datetime.timedelta(hours=REMIND_HOURS_BEFORE)
    candidates = Contact.objects.filter(
        decision="", reminder_sent_at__isnull=True, decision_due_at__lte=horizon
    ).order_by("decision_due_at", "pk")
    claimed = [
        contact
        for contact in candidates
        if Contact.objects.filter(pk=contact.pk, reminder_sent_at__isnull=True).update(
            reminder_sent_at=now
        )
    ]
    if not claimed:
        return 0
    front_door = User.objects.filter(
        is_active=True, groups__name=group_name(Role.FRONT_DOOR_PRACTITIONER)
    ).distinct()
    body = render_to_string("cases/email/contact_due_soon.txt", {"contacts": claimed})
    subject = (
        "Safetymap: a contact decision is due within 2 hours"
        if len(claimed) == 1
        else f"Safetymap: {len(claimed)} contact decisions are due within 2 hours"
    )
    first = claimed[0].pk  # the claim makes each contact part of one reminder only
    for person in front_door:
        send_once(f"contact-due:{first}:{person.pk}", subject, body, [person.email])
    return len(claimed)


@task()
def end_plans_at_eighteen() -> int:
    """R8: end the open child protection plans of young people who have turned 18 (daily;
    safe to run twice). Returns how many plans ended."""
    from safetymap.cases.services import end_plan_at_eighteen, plans_reaching_eighteen

    today = timezone.localdate()
    return sum(
        1
        for plan in plans_reaching_eighteen(today)
        if end_plan_at_eighteen(plan.pk, today) is not None
    )
