"""The chronology is shown a page at a time (issue 16): the latest entries and "Show earlier
entries", keyset on (date, source, id) across every kind of entry, so a long history costs the
same page size and queries; its filters are kept from page to page; the whole of it is one
printable page, streamed."""

from __future__ import annotations

import datetime
import re
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from safetymap.cases import chronology
from safetymap.cases.models import CaseNote, SignificantEvent
from tests.cases.test_chronology import allocated
from tests.factories import AllocationFactory, AssessmentFactory, ContactFactory
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db
DAY = datetime.date(2024, 6, 3)
LONDON = ZoneInfo("Europe/London")


def _notes(child_id: int, author, count: int, *, per_day: int = 4, text: str = "Visit note"):
    CaseNote.objects.bulk_create(
        CaseNote(
            child_id=child_id,
            happened_on=DAY - datetime.timedelta(days=n // per_day),
            note_type="visit",
            text=f"{text} {n}",
            author=author,
        )
        for n in range(count)
    )


def _events(child_id: int, author, count: int, *, per_day: int = 3):
    SignificantEvent.objects.bulk_create(
        SignificantEvent(
            child_id=child_id,
            occurred_on=DAY - datetime.timedelta(days=n // per_day),
            what_happened=f"Event {n}",
            source="School",
            impact_on_child="Upset",
            significance="HIGH",
            recorded_by=author,
        )
        for n in range(count)
    )


def _earlier_link(html: str) -> str | None:
    found = re.search(r'href="([^"]*)" rel="next"', html)
    return unescape(found.group(1)) if found else None


def test_a_child_with_3000_notes_has_a_first_page_under_100_kb_whose_queries_do_not_grow(
    client: Client,
):
    worker, _, episode = allocated()
    client.force_login(worker)
    url = f"/children/{episode.child_id}/chronology/"
    _notes(episode.child_id, worker, 60)
    sizes = []

    def show():
        response = client.get(url)
        assert response.status_code == 200
        sizes.append(len(response.content))

    assert_queries_do_not_grow(show, lambda: _notes(episode.child_id, worker, 3_000, text="More"))
    assert CaseNote.objects.filter(child_id=episode.child_id).count() == 3_060
    assert sizes[-1] < 100_000, f"the first page is {sizes[-1]:,} bytes"
    assert "Show earlier entries" in client.get(url).content.decode()


def _keys(entries) -> list[tuple]:
    return [(e.on, e.source, e.row_id) for e in entries]


def test_showing_earlier_entries_reaches_the_oldest_with_no_gaps_or_repeats_across_kinds():
    worker, _, episode = allocated()
    child_id = episode.child_id
    # Several kinds on the same dates, so ties between and within kinds are broken by the key.
    _notes(child_id, worker, 200)
    _events(child_id, worker, 90)
    for n in range(12):
        AllocationFactory(episode=episode, worker=worker, started_on=DAY - datetime.timedelta(n))
        # Late in the evening in summer: the next day in UTC, this day in London.
        received = datetime.datetime.combine(DAY - datetime.timedelta(n), datetime.time(23, 30))
        ContactFactory(children=[episode.child], received_at=received.replace(tzinfo=LONDON))
    AssessmentFactory(episode=episode, started_on=DAY, due_on=DAY)
    everything = _keys(chronology.build(child_id))
    assert len(everything) > 300
    contacts = [e for e in chronology.build(child_id) if e.kind == "contact"]
    assert contacts[0].on == DAY  # placed on the day in London

    page = chronology.page(child_id, size=17)
    walked = [_keys(page.rows)]
    while page.next_cursor:
        page = chronology.page(child_id, size=17, cursor=page.next_cursor)
        walked.append(_keys(page.rows))
    assert [key for keys in walked for key in keys] == everything
    assert everything[-1] == walked[-1][-1]  # the oldest entry is reached

    # And back again, by "Show later entries", page by page to the latest.
    back = []
    while page.previous_cursor:
        page = chronology.page(child_id, size=17, cursor=page.previous_cursor)
        back.append(_keys(page.rows))
    assert back[::-1] == walked[:-1]
    assert page.is_first


def test_the_filters_are_kept_when_showing_earlier_entries(client: Client):
    worker, _, episode = allocated()
    client.force_login(worker)
    _notes(episode.child_id, worker, 150)
    _events(episode.child_id, worker, 150)
    start = DAY - datetime.timedelta(days=30)
    url = f"/children/{episode.child_id}/chronology/"
    response = client.get(
        url,
        {
            "filter": "1",
            "kinds": "note",
            "start-day": start.day,
            "start-month": start.month,
            "start-year": start.year,
        },
    )
    html = response.content.decode()
    link = _earlier_link(html)
    assert link and "kinds=note" in link and f"start-year={start.year}" in link
    shown = 0
    while link:
        html = client.get(url + link).content.decode()
        assert "Event " not in html  # still notes only
        shown += html.count("Visit note ")
        link = _earlier_link(html)
    notes_in_range = CaseNote.objects.filter(
        child_id=episode.child_id, happened_on__gte=start
    ).count()
    assert shown == notes_in_range - chronology.PAGE_SIZE


@pytest.mark.parametrize("cursor", ["garbage", "<b>x</b>", "x" * 10_000, "eyJ0IjoxfQ:1abc:def"])
def test_a_bad_cursor_answers_with_the_latest_entries(client: Client, cursor: str):
    worker, _, episode = allocated()
    client.force_login(worker)
    _notes(episode.child_id, worker, 70)
    response = client.get(f"/children/{episode.child_id}/chronology/", {"cursor": cursor})
    assert response.status_code == 200
    html = response.content.decode()
    assert "not recognised" in html
    assert "Visit note 0" in html  # the latest


def test_a_cursor_with_a_nul_byte_answers_with_a_message_not_a_server_error(client: Client):
    worker, _, episode = allocated()
    client.force_login(worker)
    response = client.get(f"/children/{episode.child_id}/chronology/", {"cursor": "a\x00b"})
    assert response.status_code == 400  # the site's answer to any address with a NUL byte
    assert "character no page uses" in response.content.decode()


def test_the_printable_chronology_is_every_entry_streamed_with_the_filters(client: Client):
    worker, _, episode = allocated()
    client.force_login(worker)
    _notes(episode.child_id, worker, 450)
    _events(episode.child_id, worker, 5)
    url = f"/children/{episode.child_id}/chronology/print/"
    response = client.get(url)
    assert response.status_code == 200 and response.streaming
    html = b"".join(response.streaming_content).decode()
    assert html.count("Visit note ") == 450 and "Visit note 449" in html
    assert "Event 4" in html
    only_notes = b"".join(client.get(url, {"filter": "1", "kinds": "note"}).streaming_content)
    assert b"Event 4" not in only_notes and b"Visit note 449" in only_notes


def test_the_chronology_page_links_to_its_printable_version_with_its_filters(client: Client):
    worker, _, episode = allocated()
    client.force_login(worker)
    html = client.get(
        f"/children/{episode.child_id}/chronology/", {"filter": "1", "kinds": "note"}
    ).content.decode()
    assert f'href="/children/{episode.child_id}/chronology/print/?filter=1&amp;kinds=note"' in html
