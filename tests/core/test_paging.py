"""Keyset pages: every row once across the pages, whatever is inserted meanwhile; one query a
page; a cursor that is not one gives the first page."""

from __future__ import annotations

import datetime

import pytest
from django.http import QueryDict
from django.template import engines
from django.test import RequestFactory

from safetymap.cases.models import CaseNote
from safetymap.core import paging
from safetymap.core.paging import keyset_page
from safetymap.people.models import Child
from tests.factories import ChildFactory, UserFactory
from tests.queries import queries_during

pytestmark = pytest.mark.django_db

NEWEST_FIRST = ("-happened_on", "-id")
BY_NAME = ("last_name", "first_name", "id")


def _notes(child: Child, count: int, *, per_day: int = 3) -> list[CaseNote]:
    """``count`` notes, ``per_day`` on each date, so the dates alone do not order them."""
    author = UserFactory()
    start = datetime.date(2025, 1, 1)
    return CaseNote.objects.bulk_create(
        CaseNote(
            child=child,
            happened_on=start + datetime.timedelta(days=n // per_day),
            note_type="visit",
            text=f"Note {n}",
            author=author,
        )
        for n in range(count)
    )


def _walk(queryset, order, size: int) -> list[list[int]]:
    pages = []
    page = keyset_page(queryset, order, size)
    pages.append([row.pk for row in page])
    while page.next_cursor:
        page = keyset_page(queryset, order, size, page.next_cursor)
        pages.append([row.pk for row in page])
    return pages


def test_walking_the_next_links_shows_every_row_once_in_order_with_equal_dates():
    child = ChildFactory()
    _notes(child, 103)
    notes = CaseNote.objects.filter(child=child)
    pages = _walk(notes, NEWEST_FIRST, 10)
    seen = [pk for page in pages for pk in page]
    assert seen == list(notes.order_by(*NEWEST_FIRST).values_list("pk", flat=True))
    assert [len(page) for page in pages] == [10] * 10 + [3]


def test_ascending_keys_on_several_fields_page_every_row_once():
    for n in range(23):
        ChildFactory(last_name=f"Surname{n % 4}", first_name=f"Name{n % 3}")
    children = Child.objects.all()
    seen = [pk for page in _walk(children, BY_NAME, 5) for pk in page]
    assert seen == list(children.order_by(*BY_NAME).values_list("pk", flat=True))


def test_a_row_added_at_the_top_while_reading_does_not_repeat_a_row_on_the_next_page():
    child = ChildFactory()
    _notes(child, 30)
    notes = CaseNote.objects.filter(child=child)
    first = keyset_page(notes, NEWEST_FIRST, 10)
    newest = notes.first()
    CaseNote.objects.create(
        child=child,
        happened_on=datetime.date(2030, 1, 1),
        note_type=newest.note_type,
        text="Written while someone read the list",
        author=newest.author,
    )
    second = keyset_page(notes, NEWEST_FIRST, 10, first.next_cursor)
    in_order = list(notes.order_by(*NEWEST_FIRST).values_list("pk", flat=True))
    assert [r.pk for r in second] == in_order[11:21]


def test_previous_leads_back_over_the_same_pages():
    child = ChildFactory()
    _notes(child, 35)
    notes = CaseNote.objects.filter(child=child)
    first = keyset_page(notes, NEWEST_FIRST, 10)
    second = keyset_page(notes, NEWEST_FIRST, 10, first.next_cursor)
    third = keyset_page(notes, NEWEST_FIRST, 10, second.next_cursor)
    back = keyset_page(notes, NEWEST_FIRST, 10, third.previous_cursor)
    assert [r.pk for r in back] == [r.pk for r in second]
    assert not back.is_first
    start = keyset_page(notes, NEWEST_FIRST, 10, back.previous_cursor)
    assert [r.pk for r in start] == [r.pk for r in first]
    assert start.is_first and start.previous_cursor is None


def test_a_page_is_one_query():
    child = ChildFactory()
    _notes(child, 50)
    notes = CaseNote.objects.filter(child=child)
    first = keyset_page(notes, NEWEST_FIRST, 10)
    assert queries_during(lambda: keyset_page(notes, NEWEST_FIRST, 10)) == 1
    deep = keyset_page(notes, NEWEST_FIRST, 10, first.next_cursor)
    assert queries_during(lambda: keyset_page(notes, NEWEST_FIRST, 10, deep.next_cursor)) == 1


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "\x00",
        "abc\x00def",
        "<script>alert(1)</script>",
        "x" * 10_000,
        "W10:1tXXXX:YYYY",
        "null",
        "",
    ],
)
def test_a_cursor_that_is_not_one_gives_the_first_page(cursor):
    child = ChildFactory()
    _notes(child, 15)
    notes = CaseNote.objects.filter(child=child)
    page = keyset_page(notes, NEWEST_FIRST, 10, cursor)
    assert [r.pk for r in page] == [r.pk for r in keyset_page(notes, NEWEST_FIRST, 10)]
    assert page.is_first
    assert page.cursor_was_bad == bool(cursor)


def test_a_cursor_of_another_list_or_altered_is_not_one():
    child = ChildFactory()
    _notes(child, 15)
    notes = CaseNote.objects.filter(child=child)
    cursor = keyset_page(notes, NEWEST_FIRST, 10).next_cursor
    assert keyset_page(Child.objects.all(), BY_NAME, 10, cursor).cursor_was_bad
    altered = cursor[:-2] + ("AA" if not cursor.endswith("AA") else "BB")
    assert keyset_page(notes, NEWEST_FIRST, 10, altered).cursor_was_bad


def test_a_signed_cursor_with_values_that_do_not_fit_the_fields_is_not_one():
    for values in (["not a date", 3], [None, 3], ["2025-01-01"], "text"):
        cursor = paging.signing.dumps(
            [paging.AFTER, values], salt=paging._salt(NEWEST_FIRST), compress=False
        )
        page = keyset_page(CaseNote.objects.all(), NEWEST_FIRST, 10, cursor)
        assert page.cursor_was_bad and page.is_first


def test_the_links_keep_the_other_parameters_and_replace_the_cursor():
    child = ChildFactory()
    _notes(child, 25)
    notes = CaseNote.objects.filter(child=child)
    page = keyset_page(notes, NEWEST_FIRST, 10)
    query = QueryDict("kinds=note&kinds=contact&start=2025-01-01&cursor=old")
    link = QueryDict(paging.page_query(query, page, "next")[1:])
    assert link.getlist("kinds") == ["note", "contact"]
    assert link["start"] == "2025-01-01"
    assert link["cursor"] == page.next_cursor
    assert "cursor" not in QueryDict(paging.page_query(query, page, "first")[1:])


def test_the_partial_shows_govuk_pagination_with_the_filters_kept():
    child = ChildFactory()
    _notes(child, 25)
    notes = CaseNote.objects.filter(child=child)
    first = keyset_page(notes, NEWEST_FIRST, 10)
    page = keyset_page(notes, NEWEST_FIRST, 10, first.next_cursor)
    request = RequestFactory().get("/list/", {"status": "open", "cursor": first.next_cursor})
    html = (
        engines["django"]
        .from_string(
            '{% include "core/_keyset_pagination.html" with next_text="Show earlier entries" %}'
        )
        .render({"page": page}, request)
    )
    assert 'class="govuk-pagination' in html
    assert "Show earlier entries" in html and "Previous page" in html
    assert html.count("status=open") == 2


def test_the_partial_says_when_a_link_was_not_recognised():
    page = keyset_page(CaseNote.objects.all(), NEWEST_FIRST, 10, "nonsense")
    request = RequestFactory().get("/list/", {"cursor": "nonsense"})
    html = (
        engines["django"]
        .from_string('{% include "core/_keyset_pagination.html" %}')
        .render({"page": page}, request)
    )
    assert "not recognised" in html
