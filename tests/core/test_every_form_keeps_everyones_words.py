"""No lost work (issue 14), generated over every form page declared in tests/access/urls_*.py.

- *Every change form* (a form about a record that is already there, so it carries the record's
  revision, core/revisions.py): two people open it from the same original; the first saves; the
  second saves from the out-of-date form and is shown the conflict, and the first person's words
  are what the record holds.
- *Every create form* (no revision): the same submission sent twice at the same moment (two
  threads and a barrier, on PostgreSQL; one after the other on SQLite, whose test database lives
  in memory) makes what one submission makes, and neither answer is a server error
  (core/submissions.py).

Each form is filled in from the page itself, as a person would (tests/page_forms.py); the few
forms whose rules a generic filling cannot meet are given their answers in ``ANSWERS``.
"""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from safetymap.access.policy import ROLE_CAPABILITIES
from safetymap.accounts.roles import Role
from safetymap.core import revisions, submissions
from tests.access.parts_of_a_record import PARTS
from tests.access.test_every_url import ACCESS, NEED_MORE_THAN_THE_DECLARED_OBJECT, path_for
from tests.access.test_get_and_post_refuse_alike import saved_rows
from tests.at_once import at_once, put_back_the_starting_data
from tests.conftest import ClientPastTheSecondStep
from tests.factories import (
    AllocationFactory,
    EpisodeFactory,
    UserFactory,
)
from tests.page_forms import PageForm, form_sent_to_itself

FORM_PAGES = sorted(
    name
    for name in ACCESS.needs_capability
    if name not in ACCESS.post_only
    and name not in NEED_MORE_THAN_THE_DECLARED_OBJECT
    and (name in ACCESS.real_object or name not in ACCESS.made_up)
)


FIRST_WORDS = "Words from the first person (fictional)"
SECOND_WORDS = "Words from the second person (fictional)"
# Create forms whose rules a form filled in from the page alone cannot meet, and why: each is
# covered by its own tests.
NOT_FILLED_IN_HERE: dict[str, str] = {
    "access:emergency-open": "asks for a real child's council reference",
    "retention:hold-place": "asks for a real child's council reference",
    "retention:destroy": "asks for the record's council reference, typed to confirm",
    "cases:contact-new": "the children to choose are found by a search first",
    "cases:cp-plan-start": "needs a conference chair and a review date the rules allow",
    "cases:transfer-offer": "needs a second team to offer the child to",
    "people:sibling-add": "needs a second child to link",
    "safety:rule-add": "needs danger statements and network members on the plan",
    "safety:red-flag-add": "needs network members on the plan",
    "voice:drawing-add": "needs a drawing file (tests/uploads sends files)",
    "conferences:decision": "the declared conference has not been held",
    "conferences:held": "the declared conference has sent no invitations",
    "conferences:invite-family": "the declared conference has no date yet",
    "conferences:invite-professional": "the declared conference has no date yet",
    "conferences:stop": "only the conference's own chair postpones or cancels it",
    "conferences:child-views": "the declared conference has not been held",
    "partnership:briefing-delivered": "the declared briefing has not been scheduled",
    "mapping:escalation-response": "only the meeting's lead, a chair or a manager answers it",
    "safety:check-add": "the declared plan is a draft, not yet followed",
    "partnership:session-new": "needs a course to run a session of",
    "safety:concern-add": "the declared plan is a draft, not yet followed",
}
# Tables that record reading and sending rather than the work itself.
NOT_THE_WORK = {"audit changes", "core_submissionkey", "accounts_signedinsession"}


def _role_for(name: str) -> Role:
    capability = ACCESS.needs_capability[name]
    for role in (Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.FRONT_DOOR_PRACTITIONER, *Role):
        if capability in ROLE_CAPABILITIES[role]:
            return role
    raise AssertionError(name)


def _person_with_sight(name: str, child) -> ClientPastTheSecondStep:
    person = UserFactory(roles=[_role_for(name)])
    if child is not None:
        episode = child.episodes.first() or EpisodeFactory(child=child)
        AllocationFactory(episode=episode, worker=person)
    client = ClientPastTheSecondStep()
    client.force_login(person)
    return client


def _the_record(name: str) -> tuple[str, object]:
    """The page's address for a real object, and the child it belongs to (if any)."""
    from safetymap.people.models import Child

    for role in Role:  # someone to choose in each people picker (a chair, a worker…)
        UserFactory(roles=[role])
    make_real = PARTS.get(name) or ACCESS.real_object.get(name)
    kwargs = make_real() if make_real else None
    child = Child.objects.order_by("-pk").first() if name in ACCESS.needs_a_relationship else None
    return path_for(name, kwargs), child


def _form(client, path: str) -> PageForm | None:
    page = client.get(path)
    if page.status_code != 200 or page.streaming or "html" not in page["Content-Type"]:
        return None
    return form_sent_to_itself(page.content.decode(), path)


def _errors(response) -> str:
    form = response.context.get("form") if response.context else None
    return str(form.errors.as_data()) if form is not None else response.content.decode()[:500]


def _with_words(
    form: PageForm, names: set[str], words: str, today: datetime.date
) -> dict[str, object]:
    """What the person sends: the form as it is with these fields answered, and their own
    words in its first free-text box (or, with none, a different choice in its first list)."""
    data = form.filled(names, words, today)
    texts = form.text_controls()
    if texts:
        data[texts[0].name] = words
        return data
    for control in form.controls.values():
        if control.kind in {"select", "radio"} and not control.disabled:
            others = [o for o in control.options if o and o not in control.chosen]
            if others:
                data[control.name] = others[0 if words == FIRST_WORDS else -1]
                return data
    return data


def _answered(client, path: str, form: PageForm, words: str, today: datetime.date):
    """Send the form as a person would: their words first, then whatever the page says is
    missing, until it is done. Returns the last answer and the fields that needed answering."""
    names: set[str] = set()
    for _ in range(5):
        response = client.post(path, _with_words(form, names, words, today))
        bound = response.context.get("form") if response.context else None
        if response.status_code != 200 or bound is None:
            return response, names
        missing = {name for name in bound.errors if name != "__all__"} - names
        if not missing:
            return response, names
        names |= missing
        form = form_sent_to_itself(response.content.decode(), path) or form
    return response, names


def _shown(form: PageForm) -> dict[str, object]:
    """What the form shows of the record (not its one-time key or CSRF token)."""
    return {
        name: control.value or control.chosen
        for name, control in form.controls.items()
        if name not in {submissions.FIELD_NAME, "csrfmiddlewaretoken"}
    }


# --- Change forms ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", FORM_PAGES + sorted(PARTS))
def test_a_change_from_an_out_of_date_form_is_shown_as_a_conflict_and_keeps_the_first_words(
    name,
):
    path, child = _the_record(name)
    first, second = _person_with_sight(name, child), _person_with_sight(name, child)
    form_of_first, form_of_second = _form(first, path), _form(second, path)
    if form_of_first is None or revisions.FIELD_NAME not in form_of_first.controls:
        return  # not a change form: the next test covers it
    today = timezone.localdate()
    saved, names = _answered(first, path, form_of_first, FIRST_WORDS, today)
    assert saved.status_code == 302, (name, _errors(saved))
    first_version = _form(first, path)

    conflict = second.post(path, _with_words(form_of_second, names, SECOND_WORDS, today))
    assert conflict.status_code == 200, (name, conflict.status_code)
    html = conflict.content.decode()
    assert "saved a change to this after you opened it" in html, name
    if form_of_second.text_controls():
        assert SECOND_WORDS in html, name  # the second person's words are given back
    assert _shown(_form(first, path)) == _shown(first_version), (
        f"{name}: the first person's change was replaced"
    )


# --- Create forms ----------------------------------------------------------------------------


def _work_done(before: tuple, after: tuple) -> dict[str, int]:
    return {
        table: later - earlier
        for (table, earlier), (_, later) in zip(before, after, strict=True)
        if later != earlier and table not in NOT_THE_WORK
    }


# Threads need committed rows, so on PostgreSQL each test commits (and the tables are emptied
# after it, and the starting data the migrations put in are put back first: tests/at_once.py);
# SQLite's in-memory test database is sent to in turn, inside the test's transaction.
ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


@pytest.mark.django_db(transaction=ON_POSTGRESQL)
@pytest.mark.parametrize("name", FORM_PAGES)
def test_a_create_form_sent_twice_at_once_makes_what_one_sending_makes(name):
    put_back_the_starting_data()
    today = timezone.localdate()
    # Once, on one record: what one sending makes.
    path, child = _the_record(name)
    person = _person_with_sight(name, child)
    form = _form(person, path)
    if form is None or revisions.FIELD_NAME in form.controls:
        return  # not a form page for this person, or a change form (the test above)
    assert submissions.FIELD_NAME in form.controls, f"{name}: the form has no one-time key"
    before = saved_rows()
    once, names = _answered(person, path, form, FIRST_WORDS, today)
    if once.status_code != 302:
        assert name in NOT_FILLED_IN_HERE, (name, _errors(once))
        return
    assert name not in NOT_FILLED_IN_HERE, f"{name} is filled in now: take it off the list"
    made_once = _work_done(before, saved_rows())

    # Twice at the same moment, on a second record of the same kind.
    path, child = _the_record(name)
    person = _person_with_sight(name, child)
    data = _with_words(_form(person, path), names, SECOND_WORDS, today)
    twin = ClientPastTheSecondStep()
    twin.cookies = person.cookies  # the same browser, clicking twice
    before = saved_rows()
    answers = at_once([lambda: person.post(path, data), lambda: twin.post(path, data)])
    assert all(a is not None and a.status_code < 500 for a in answers), (
        name,
        [getattr(a, "status_code", None) for a in answers],
    )
    assert {a.status_code for a in answers} == {302}, name
    assert _work_done(before, saved_rows()) == made_once, name
