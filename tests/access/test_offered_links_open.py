"""Offer only what the person may do (issue 13): over the demo borough, as every role, follow
every link each page offers (same site, GET), breadth first from the home page: none of them
may answer "not allowed" (403) or "not found" (404)."""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urldefrag, urlparse

import pytest
from django.core.management import call_command
from django.test import Client

from safetymap.accounts.models import User
from safetymap.demo import data

pytestmark = pytest.mark.django_db

LINK = re.compile(r'<a\b[^>]*\bhref="([^"]+)"')
FORM = re.compile(r'<form\b[^>]*method="post"[^>]*>', re.I)
ACTION = re.compile(r'action="([^"]*)"')
# Leaving the service, or changing who is signed in: not part of the walk.
NOT_FOLLOWED = ("/sign-out", "/static/", "/media/", "/editor/", "/sign-in/", "/documents/")
MOST_PAGES = 160  # per role: the demo's pages reachable in a few clicks


def offered_links(html: str) -> list[str]:
    found = []
    for href in LINK.findall(html):
        href = urldefrag(href.replace("&amp;", "&"))[0]
        parsed = urlparse(href)
        if parsed.scheme or parsed.netloc or not href.startswith("/"):
            continue
        if href.startswith(NOT_FOLLOWED) or href.endswith((".pdf", ".docx", ".csv", ".png")):
            continue
        found.append(href)
    return found


def offered_forms(url: str, html: str) -> list[str]:
    """Where the page's forms post to (a form with no action posts to the page itself)."""
    actions = []
    for tag in FORM.findall(html):
        action = ACTION.search(tag)
        target = action.group(1).replace("&amp;", "&") if action and action.group(1) else url
        if not target.startswith(NOT_FOLLOWED):
            actions.append(target)
    return actions


def walk(client: Client, forms: dict[str, str] | None = None) -> dict[str, tuple[int, str]]:
    """Every page reached and its status, with the page that offered it; ``forms`` collects
    where each page's forms post to."""
    seen: dict[str, tuple[int, str]] = {}
    queue = deque([("/", "")])
    while queue and len(seen) < MOST_PAGES:
        url, offered_on = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = (response.status_code, offered_on)
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            body = b"".join(response.streaming_content) if response.streaming else response.content
            html = body.decode()
            if forms is not None:
                for action in offered_forms(url, html):
                    forms.setdefault(action, url)
            for link in offered_links(html):
                if link not in seen:
                    queue.append((link, url))
    return seen


@pytest.mark.parametrize("email", [person.email for person in data.USERS])
def test_every_link_offered_opens_for_that_person(client: Client, settings, email: str):
    settings.SAFETYMAP_DEMO_PASSWORD = "Fictional-demo-password"
    call_command("load_demo", "--quiet-sign-ins")
    client.force_login(User.objects.get(email=email))
    refused = {
        url: (status, offered_on)
        for url, (status, offered_on) in walk(client).items()
        if status in (403, 404)
    }
    assert refused == {}, f"{email} is offered links that refuse them: {refused}"


@pytest.mark.parametrize("email", [person.email for person in data.USERS])
def test_a_form_offered_is_one_the_person_may_send(client: Client, settings, email: str):
    """A form page's GET is refused exactly when its POST would be: a form someone is shown
    never answers "not allowed" or "not found" when they send it (empty here, so that nothing
    is saved: the answer is the form's own error messages)."""
    settings.SAFETYMAP_DEMO_PASSWORD = "Fictional-demo-password"
    call_command("load_demo", "--quiet-sign-ins")
    client.force_login(User.objects.get(email=email))
    forms: dict[str, str] = {}
    walk(client, forms)
    refused = {}
    for action, shown_on in forms.items():
        status = client.post(action, {}).status_code
        if status in (403, 404):
            refused[action] = (status, shown_on)
    assert refused == {}, f"{email} is shown forms that refuse them: {refused}"
