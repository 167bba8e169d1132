"""The training and briefing lists are keyset pages (issue 16): every session or request once,
its filters kept from page to page, two lists on one page each with its own cursor, and queries
that do not grow with the programme."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from safetymap.accounts.roles import Role
from safetymap.partnership.models import BriefingStatus, CourseType
from safetymap.partnership.selectors import PAGE_SIZE
from tests.factories import UserFactory
from tests.partnership.factories import (
    BriefingRequestFactory,
    CourseFactory,
    TrainingSessionFactory,
)
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db


def _link(html: str, text: str) -> str | None:
    found = re.search(rf'href="([^"]*)" rel="next"><svg[^>]*>.*?</svg><span[^>]*>{text}<', html)
    return found.group(1).replace("&amp;", "&") if found else None


def _sessions(count: int, course, *, past: bool = False, on_the_same_day: int = 3) -> None:
    today = timezone.localdate()
    for n in range(count):
        days = 1 + n // on_the_same_day
        TrainingSessionFactory(
            course=course,
            starts_on=today - datetime.timedelta(days=days)
            if past
            else today + datetime.timedelta(days=days),
        )


def test_sessions_coming_up_are_paged_every_one_once_with_the_course_type_kept(client: Client):
    foundation = CourseFactory(course_type=CourseType.FOUNDATION)
    advanced = CourseFactory(course_type=CourseType.ADVANCED, title="Fictional advanced")
    _sessions(PAGE_SIZE + 20, foundation)
    _sessions(10, advanced)
    client.force_login(UserFactory(roles=[Role.TRAINER]))
    url = reverse("partnership:sessions")
    query = "?filter=1&course_type=FOUNDATION"
    seen: list[str] = []
    while query:
        html = client.get(url + query).content.decode()
        assert "Fictional advanced" not in html
        coming_up = html.split("Started or finished")[0]
        seen += re.findall(r'href="/training/sessions/(\d+)/"', coming_up)
        query = _link(html, "Later sessions")
        assert query is None or "course_type=FOUNDATION" in query
    assert len(seen) == len(set(seen)) == PAGE_SIZE + 20


def test_the_two_session_lists_page_on_their_own_and_their_queries_do_not_grow(client: Client):
    course = CourseFactory()
    _sessions(3, course)
    _sessions(3, course, past=True)
    client.force_login(UserFactory(roles=[Role.TRAINER]))
    url = reverse("partnership:sessions")
    assert_queries_do_not_grow(
        lambda: client.get(url),
        lambda: (_sessions(PAGE_SIZE + 5, course), _sessions(PAGE_SIZE + 5, course, past=True)),
    )
    html = client.get(url).content.decode()
    earlier = _link(html, "Earlier sessions")
    assert earlier and "past=" in earlier and "upcoming=" not in earlier
    later_page = client.get(url + earlier).content.decode()
    assert _link(later_page, "Later sessions")  # the coming-up list is still on its first page
    assert client.get(url, {"past": "\x01not-a-cursor", "upcoming": "x"}).status_code == 200


def test_delivered_and_declined_requests_are_paged_with_the_status_kept(client: Client):
    for n in range(PAGE_SIZE + 8):
        BriefingRequestFactory(status=BriefingStatus.DELIVERED, organisation=f"Delivered {n}")
    BriefingRequestFactory.create_batch(4, status=BriefingStatus.DECLINED, organisation="Nope")
    client.force_login(UserFactory(roles=[Role.PARTNERSHIP_ADMINISTRATOR]))
    url = reverse("partnership:briefing-requests")
    query = "?filter=1&status=DELIVERED"
    seen: list[str] = []
    while query:
        html = client.get(url + query).content.decode()
        assert "Nope" not in html
        seen += re.findall(r">(Delivered \d+)<", html)
        query = _link(html, "Earlier delivered and declined")
        assert query is None or "status=DELIVERED" in query
    assert sorted(seen) == sorted(f"Delivered {n}" for n in range(PAGE_SIZE + 8))


def test_the_briefing_requests_page_queries_do_not_grow(client: Client):
    BriefingRequestFactory()
    BriefingRequestFactory(status=BriefingStatus.DECLINED)
    client.force_login(UserFactory(roles=[Role.PARTNERSHIP_ADMINISTRATOR]))
    assert_queries_do_not_grow(
        lambda: client.get(reverse("partnership:briefing-requests")),
        lambda: (
            BriefingRequestFactory.create_batch(PAGE_SIZE + 3),
            BriefingRequestFactory.create_batch(PAGE_SIZE + 3, status=BriefingStatus.DELIVERED),
        ),
    )
