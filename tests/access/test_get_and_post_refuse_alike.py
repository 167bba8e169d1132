"""A form page's GET is refused exactly when its POST would be (issue 13).

Generated over every form page declared in tests/access/urls_*.py, for every role, on the real
object the declarations make, without and with a relationship to the child (an allocation, as
test_every_url.py gives one): what the GET answers and what an empty POST answers fall in the same
class.

- *opened*: the form (200), or, sent empty, the form with its errors (200) or a redirect with no
  error message (a form with nothing to fill in, done);
- *refused*: "not allowed" (403), "not found" (404), or the step cannot be done now: a redirect
  with an error message saying why (``core.views.not_now``). A refused POST is refused the same
  way as the GET (the same status, or the same place and message) and saves nothing.

Then the same over a few states of the record made with factories (an episode closed, an
assessment waiting for authorisation, a plan ended, a contact already decided, a transfer seen
by the team that offered it, a conference that is not the chair's): there the pages the state
rules out are refused on GET as on POST, and the ones it allows open.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.apps import apps
from django.contrib.messages import constants as message_levels
from django.db import connection
from django.test import Client
from django.utils import timezone

from safetymap.access.policy import ROLE_CAPABILITIES
from safetymap.accounts.roles import Role
from safetymap.audit.models import Action, AuditEvent
from safetymap.cases.models import Episode
from safetymap.core import revisions
from tests.access.test_every_url import ACCESS, CHILD_RECORD_APPS, path_for
from tests.factories import (
    AllocationFactory,
    AssessmentFactory,
    AuthorisationFactory,
    ChildInNeedPlanFactory,
    ChildProtectionPlanFactory,
    ConferenceFactory,
    ContactFactory,
    CoreGroupMembershipFactory,
    EpisodeFactory,
    InvitationFactory,
    ManagementOversightFactory,
    QueueEntryFactory,
    Section47EnquiryFactory,
    TransferInFactory,
    UserFactory,
    manager_of,
)
from tests.page_forms import form_sent_to_itself

pytestmark = pytest.mark.django_db

FORM_CANDIDATES = sorted(
    name
    for name in (set(ACCESS.needs_capability) | ACCESS.any_signed_in)
    if name not in ACCESS.post_only
    and name not in ACCESS.mounted
    and (name in ACCESS.real_object or name not in ACCESS.made_up)
)
# Mismatches that are meant, name -> why. None: every mismatch found was a product fault.
INTENDED: dict[str, str] = {}


def _relationship_possible(name: str) -> bool:
    return name in ACCESS.needs_a_relationship and name.split(":")[0] in CHILD_RECORD_APPS


# --- What a response says --------------------------------------------------------------------


def answer(response, method: str) -> tuple:
    """("opened", …) or ("refused", …), with what the refusal was, to compare."""
    status = response.status_code
    if status in (403, 404):
        return ("refused", status)
    queued = getattr(getattr(response.wsgi_request, "_messages", None), "_queued_messages", [])
    errors = tuple(m.message for m in queued if m.level == message_levels.ERROR)
    if status == 302:
        if errors:
            return ("refused", "not now", response["Location"], errors)
        return ("opened", 302)
    if status == 200:
        if method == "GET":
            return ("opened", 200) if _posts_to_itself(response) else ("no form", 200)
        form = response.context.get("form") if response.context else None
        refusal = (
            # An empty POST lacks the revision a change form's page puts in it: the form
            # saves nothing and says so (core/revisions.py), which is not a refusal.
            tuple(e for e in form.non_field_errors() if e != revisions.OUT_OF_DATE_FORM)
            if form is not None and form.is_bound
            else ()
        )
        if refusal:  # a refusal above the form, about no field: the step cannot be done now
            return ("refused", "on the form", refusal)
        return ("opened", 200)
    return ("other", status)


FORM = re.compile(r'<form\b[^>]*method="post"[^>]*>', re.I)
ACTION = re.compile(r'action="([^"]*)"')


def _posts_to_itself(response) -> bool:
    """A form on the page that is sent to the page itself (not the sign-out button in the
    header, nor a button sent to another address, which is declared post_only)."""
    if response.streaming or "html" not in response.get("Content-Type", ""):
        return False
    here = response.wsgi_request.path
    for tag in FORM.findall(response.content.decode()):
        action = ACTION.search(tag)
        target = action.group(1).replace("&amp;", "&") if action else ""
        if not target or target.split("?")[0] == here:
            return True
    return False


def _tables() -> list[str]:
    return sorted(
        model._meta.db_table
        for model in apps.get_models()
        if model.__module__.startswith("safetymap.")
        and model is not AuditEvent
        and not model._meta.proxy
        and model._meta.managed
    )


def saved_rows() -> tuple:
    """How many rows each of the app's tables holds, and how many changes the audit trail
    records (every change is audited, so an update shows here too), in one query."""
    tables = _tables()
    quote = connection.ops.quote_name  # the names are the models' own tables, not input
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)  # noqa: S608
    audit = quote(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {counts}, (SELECT COUNT(*) FROM {audit} WHERE action <> %s)",  # noqa: S608
            [Action.VIEW],
        )
        row = cursor.fetchone()
    return tuple(zip([*tables, "audit changes"], row, strict=True))


def compare(client: Client, path: str, known: tuple | None = None) -> tuple[tuple, tuple, bool]:
    """The GET's answer, the empty POST's, and whether the POST saved anything. ``known``: the
    GET's answer when test_every_url.py already asserts it for this person (403 without the
    capability, 404 without a relationship), so only the POST is sent."""
    page = None if known else client.get(path)
    got = known or answer(page, "GET")
    if got[0] == "no form":
        return got, got, False
    before = saved_rows()
    sent = answer(client.post(path, _what_a_person_sends(page, path)), "POST")
    return got, sent, saved_rows() != before


def _what_a_person_sends(page, path: str) -> dict[str, object]:
    """Nothing, to a refused page (its refusal comes before any form); to an opened form, the
    form filled in as a person would, so the POST reaches the service and its own checks (an
    empty one stops at the first required field, and would hide a refusal behind it)."""
    if page is None or page.status_code != 200:
        return {}
    form = form_sent_to_itself(page.content.decode(), path)
    if form is None:
        return {}
    return form.filled(set(form.controls), "Filled in by the access test", timezone.localdate())


def mismatch(got: tuple, sent: tuple, changed: bool) -> str | None:
    """Why the two answers disagree, or None."""
    if got[0] == "no form":
        return None  # not a form page for this person
    if got[0] == "refused":
        if sent != got:
            return f"GET {got} but POST {sent}"
        if changed:
            return f"POST refused {sent} but saved something"
        return None
    if sent[0] == "refused":
        return f"GET opened the form but POST {sent}"
    return None


# --- Every form page, every role, with and without a relationship ---------------------------

APPS = sorted({name.split(":")[0] for name in FORM_CANDIDATES})


def _signed_in_as_each_role() -> dict[Role, tuple]:
    from tests.conftest import ClientPastTheSecondStep

    people = {}
    for role in Role:
        person = UserFactory(roles=[role])
        client = ClientPastTheSecondStep()
        client.force_login(person)
        people[role] = (person, client)
    return people


def _allocate(person, child):
    episode = child.episodes.first() or EpisodeFactory(child=child)
    return AllocationFactory(episode=episode, worker=person)


def check_every_role(name: str, people: dict[Role, tuple]) -> list[str]:
    """Every role, with then without a relationship: the mismatches found on this page. The
    people who may use the page come first, allocated to the child: if none of them is shown
    a form, the page is not a form page and nothing more is asked of it."""
    make_real = ACCESS.real_object.get(name)
    capability = ACCESS.needs_capability.get(name)

    def fresh() -> tuple[str, object]:
        kwargs = make_real() if make_real else None
        child = None
        if _relationship_possible(name):
            from safetymap.people.models import Child

            child = Child.objects.latest("pk")
        return path_for(name, kwargs), child

    path, child = fresh()
    allowed = [r for r in Role if capability is None or capability in ROLE_CAPABILITIES[r]]
    # (role, allocated, the GET's answer if test_every_url.py asserts it already)
    rounds = [(role, child is not None, None) for role in allowed]
    if child is not None:
        rounds += [(role, False, ("refused", 404)) for role in allowed]
    rounds += [(role, False, ("refused", 403)) for role in Role if role not in allowed]
    found: list[str] = []
    a_form_page = False
    for number, (role, related, known) in enumerate(rounds):
        if number == len(allowed) and not a_form_page:
            break  # nobody who may use it is shown a form
        person, client = people[role]
        allocation = _allocate(person, child) if related else None
        got, sent, changed = compare(client, path, known)
        a_form_page |= got == ("opened", 200)
        why = mismatch(got, sent, changed)
        if why:
            found.append(f"{role.label}{' (allocated)' if related else ''}: {why}")
        if allocation is not None:
            allocation.delete()  # the same person, without the relationship, comes later
        if changed and sent[0] == "opened":  # done: the next person starts afresh
            path, child = fresh()
    return found


@pytest.mark.parametrize("app", APPS)
def test_a_form_page_is_refused_on_get_exactly_when_its_post_is(app: str):
    people = _signed_in_as_each_role()
    found = {}
    for name in FORM_CANDIDATES:
        if name.split(":")[0] != app or name in INTENDED:
            continue
        if mismatches := check_every_role(name, people):
            found[name] = mismatches
    assert found == {}, "\n".join(f"{n}: {'; '.join(m)}" for n, m in found.items())


# --- States of the record -------------------------------------------------------------------


def _closed(episode):
    episode.closure_date = datetime.date(2026, 10, 1)
    episode.closure_reason = "RC8"
    episode.save(update_fields=["closure_date", "closure_reason"])
    return episode


def _ended(plan):
    plan.ended_on = datetime.date(2026, 10, 1)
    plan.save(update_fields=["ended_on"])
    return plan


def _on(step) -> tuple[dict, object]:
    """The URL kwargs for a step's record, and the child it is about."""
    episode = step if isinstance(step, Episode) else step.episode
    return {"pk": step.pk}, episode.child


def episode_closed() -> dict:
    episode = _closed(EpisodeFactory())
    plan = ChildProtectionPlanFactory(episode=episode)
    on_episode = _on(episode)
    return {
        **dict.fromkeys(
            [
                "cases:assessment-start",
                "cases:strategy-new",
                "cases:cin-plan-start",
                "cases:cp-plan-start",
                "cases:transfer-in-new",
                "cases:close",
                "cases:allocate",
                "cases:transfer-offer",
                "conferences:request",
                "mapping:goal-review",
            ],
            on_episode,
        ),
        "cases:assessment-complete": _on(AssessmentFactory(episode=episode)),
        "cases:enquiry-complete": _on(
            Section47EnquiryFactory(strategy_discussion__episode=episode)
        ),
        "cases:cin-review-new": _on(ChildInNeedPlanFactory(episode=episode)),
        "cases:core-group-new": _on(plan),
        "cases:core-group-member-add": _on(plan),
        "cases:review-new": _on(plan),
        "cases:transfer-in-no-plan": _on(TransferInFactory(episode=episode)),
    }


def assessment_waiting_for_authorisation() -> dict:
    assessment = AssessmentFactory(completed_on=datetime.date(2026, 9, 20), outcome="NFA")
    AuthorisationFactory(
        episode=assessment.episode, assessment=assessment, kind="ASSESSMENT", proposal={}
    )
    return {
        "cases:assessment-start": _on(assessment.episode),
        "cases:assessment-complete": _on(assessment),
    }


def assessment_in_progress() -> dict:
    return {"cases:assessment-start": _on(AssessmentFactory().episode)}


def plan_ended() -> dict:
    plan = _ended(ChildProtectionPlanFactory())
    return {
        "cases:core-group-new": _on(plan),
        "cases:core-group-member-add": _on(plan),
        "cases:review-new": _on(plan),
    }


def cin_plan_ended() -> dict:
    return {"cases:cin-review-new": _on(_ended(ChildInNeedPlanFactory()))}


def steps_already_done() -> dict:
    left = CoreGroupMembershipFactory(ended_at=timezone.now())
    return {
        "cases:enquiry-complete": _on(
            Section47EnquiryFactory(completed_on=datetime.date(2026, 9, 10))
        ),
        "cases:core-group-member-leave": ({"pk": left.pk}, left.plan.episode.child),
        "cases:transfer-in-no-plan": _on(
            TransferInFactory(conference_held_on=datetime.date(2026, 9, 10))
        ),
    }


def directions_done() -> dict:
    return {
        "cases:direction-done": _on(ManagementOversightFactory(direction_done_on=_today())),
    }


def a_transfer_seen_by_the_team_that_offered_it() -> dict:
    """Only the receiving team's managers decline a transfer: its sender is not shown the form."""
    entry = QueueEntryFactory()
    offering = manager_of(entry.from_team)
    _allocate(offering, entry.episode.child)
    return {"cases:transfer-decline": ({"pk": entry.pk}, None, offering)}


def a_conference_chaired_by_someone_else() -> dict:
    """A conference chair invited to a held conference that another chair runs: its record,
    attendance, the children's views and the decision are not theirs to write."""
    conference = ConferenceFactory(stage="HELD", held_on=_today(), chair=UserFactory())
    invited = InvitationFactory(
        conference=conference, user=UserFactory(roles=[Role.CONFERENCE_CHAIR])
    )
    chair, child = invited.user, conference.episode.child_id
    about_a_child = {"pk": conference.pk, "child_pk": child}
    return {
        "conferences:record-details": ({"pk": conference.pk}, None, chair),
        "conferences:attendance": ({"pk": invited.pk}, None, chair),
        "conferences:child-views": (about_a_child, None, chair),
        "conferences:decision": (about_a_child, None, chair),
    }


def plan_endings() -> dict:
    return {
        "cases:cp-plan-end": _on(_ended(ChildProtectionPlanFactory())),
        "cases:cin-plan-end": _on(_ended(ChildInNeedPlanFactory())),
    }


def plan_endings_waiting() -> dict:
    """Ending a plan already waits for a manager: the worker is not shown the form again."""
    cp_plan, cin_plan = ChildProtectionPlanFactory(), ChildInNeedPlanFactory()
    for plan, kind in ((cp_plan, "CP_PLAN_END"), (cin_plan, "CIN_PLAN_END")):
        AuthorisationFactory(episode=plan.episode, kind=kind, proposal={})
    return {"cases:cp-plan-end": _on(cp_plan), "cases:cin-plan-end": _on(cin_plan)}


def _today() -> datetime.date:
    return timezone.localdate()


# Each state of a record and the pages it rules out: for the person who would otherwise take
# the step (allocated to the child), the GET is refused and the POST is refused alike.
STATES = [
    pytest.param(episode_closed, id="an episode closed"),
    pytest.param(assessment_waiting_for_authorisation, id="an assessment waiting to be authorised"),
    pytest.param(assessment_in_progress, id="an assessment in progress"),
    pytest.param(plan_ended, id="a child protection plan ended"),
    pytest.param(cin_plan_ended, id="a child in need plan ended"),
    pytest.param(steps_already_done, id="a step already done"),
    pytest.param(
        a_transfer_seen_by_the_team_that_offered_it, id="a transfer, for the team that offered it"
    ),
    pytest.param(a_conference_chaired_by_someone_else, id="a conference another chair runs"),
    pytest.param(directions_done, id="a direction already done"),
    pytest.param(plan_endings, id="a plan already ended: ending it again"),
    pytest.param(plan_endings_waiting, id="a plan's ending waiting for a manager"),
]


def _signed_in_for(name: str, child) -> Client:
    from tests.conftest import ClientPastTheSecondStep

    capability = ACCESS.needs_capability[name]
    role = (
        Role.SOCIAL_WORKER
        if capability in ROLE_CAPABILITIES[Role.SOCIAL_WORKER]
        else (Role.TEAM_MANAGER)
    )
    person = UserFactory(roles=[role])
    _allocate(person, child)
    client = ClientPastTheSecondStep()
    client.force_login(person)
    return client


@pytest.mark.parametrize("make_state", STATES)
def test_a_step_the_record_rules_out_is_refused_on_get_as_on_post(make_state):
    from tests.conftest import ClientPastTheSecondStep

    found = []
    for name, (kwargs, child, *who) in make_state().items():
        if who:  # a particular person, with the relationship the state gave them
            client = ClientPastTheSecondStep()
            client.force_login(who[0])
        else:
            client = _signed_in_for(name, child)
        got, sent, changed = compare(client, path_for(name, kwargs))
        why = mismatch(got, sent, changed)
        if got[0] != "refused":
            why = f"GET {got}: the form is offered though the step cannot be done now"
        if why:
            found.append(f"{name}: {why}")
    assert found == [], "; ".join(found)


def test_a_decided_contact_opens_as_a_record_and_takes_no_second_decision(client: Client):
    """The contact's page is its record: once decided it still opens, without the decision's
    form, and a decision sent anyway is refused with the reason and saves nothing."""
    contact = ContactFactory(decision="ADVICE_SIGNPOST")
    person = UserFactory(roles=[Role.FRONT_DOOR_PRACTITIONER])
    _allocate(person, contact.children.get())
    client.force_login(person)
    path = path_for("cases:contact", {"pk": contact.pk})
    assert answer(client.get(path), "GET") == ("no form", 200)
    before = saved_rows()
    sent = answer(client.post(path, {}), "POST")
    assert sent[:2] == ("refused", "not now") and saved_rows() == before, sent
    assert sent[3] == ("A decision has already been recorded for this contact.",)
