"""Every page, opened by someone who may use it, answers whatever is in its address (issue 15):

- a query parameter that is not what the page expects (a word where a number goes, a number
  too large for the database, a NUL byte, markup) gets "that request could not be understood"
  (400) or the page itself, never a server error;
- opening a page (GET) changes nothing: no row is written and no work is queued. Only what a
  read must write is allowed (the audit trail's record of the read, the session).

Generated from the URL declarations (tests/access/urls_*.py), so a new page is covered without
being listed. The parameter names are the ones the product's code reads (``request.GET…``) and
the fields of the page's own search and filter forms.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import resolve

from safetymap.people.models import Child
from tests.access.test_every_url import ACCESS, CHILD_RECORD_APPS, _role_with, path_for
from tests.access.test_get_and_post_refuse_alike import saved_rows
from tests.factories import AllocationFactory, EpisodeFactory, UserFactory

pytestmark = pytest.mark.django_db

SOURCE = Path(__file__).resolve().parents[2] / "safetymap"
READS = re.compile(
    r'request\.GET(?:\.get|\.getlist)?\(\s*"(\w+)"|"(\w+)"\s+in\s+request\.GET|request\.GET\["(\w+)"\]'
)


def parameters_read_in(text: str) -> set[str]:
    return {next(g for g in match if g) for match in READS.findall(text)}


EVERY_PARAMETER = set().union(
    *(parameters_read_in(p.read_text()) for p in SOURCE.rglob("*.py")), {"q"}
)
GET_FORM_FIELD = re.compile(r'<form\b[^>]*method="get"[^>]*>(.*?)</form>', re.I | re.S)
FIELD_NAME = re.compile(r'<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"', re.I)

# Each is a value a mistyped, cut-off or tampered link could carry.
NOT_WHAT_IS_EXPECTED = ["abc", "-1", "99999999999999999999", "\x00", "<script>alert(1)</script>"]

PAGES = sorted(
    name
    for name in (set(ACCESS.needs_capability) | ACCESS.any_signed_in)
    if name not in ACCESS.post_only
    and name not in ACCESS.mounted
    and (name in ACCESS.real_object or name not in ACCESS.made_up)
)


def opened_by_someone_allowed(client: Client, name: str) -> str:
    """Sign in as a role that may use the page, with a relationship to the record's child
    where the page needs one; the page's address."""
    capability = ACCESS.needs_capability.get(name)
    person = UserFactory(roles=[_role_with(capability)] if capability else [])
    client.force_login(person)
    make_real = ACCESS.real_object.get(name)
    kwargs = make_real() if make_real else None
    if name in ACCESS.needs_a_relationship and name.split(":")[0] in CHILD_RECORD_APPS:
        child = Child.objects.latest("pk")
        episode = child.episodes.first() or EpisodeFactory(child=child)
        AllocationFactory(episode=episode, worker=person)
    return path_for(name, kwargs)


def parameters_of(path: str, html: str) -> tuple[set[str], set[str]]:
    """Every parameter worth trying on this page, and those its own view's module reads."""
    view = resolve(path).func
    module = inspect.getsourcefile(inspect.unwrap(view)) or ""
    own = parameters_read_in(Path(module).read_text()) if module else set()
    own |= {n for form in GET_FORM_FIELD.findall(html) for n in FIELD_NAME.findall(form)}
    return EVERY_PARAMETER | own, own


@pytest.mark.parametrize("name", PAGES)
def test_opening_a_page_changes_nothing_and_a_malformed_address_is_answered_plainly(
    client: Client, name
):
    """One test for both, so each page's record is made once."""
    path = opened_by_someone_allowed(client, name)
    before = saved_rows()
    page = client.get(path)
    html = "" if page.streaming else page.content.decode(errors="replace")
    if page.streaming:
        b"".join(page.streaming_content)
    changed = [(a[0], a[1], b[1]) for a, b in zip(before, saved_rows(), strict=True) if a != b]
    assert not changed, (name, "opening the page wrote", changed)

    every, own = parameters_of(path, html)
    problems = []
    for value in NOT_WHAT_IS_EXPECTED:
        answered = client.get(path, dict.fromkeys(every, value)).status_code
        if answered >= 500:
            problems.append(("all at once", repr(value), answered))
    for parameter in sorted(own):  # one at a time: a refusal of one cannot hide another's
        for value in ("abc", "99999999999999999999", "\x00"):
            answered = client.get(path, {parameter: value}).status_code
            if answered >= 500:
                problems.append((parameter, repr(value), answered))
    assert not problems, (name, problems)
