"""People pickers for a large council (core/pickers.py): a bounded list, a search that finds
anyone, and validation against everyone the form permits, not only those listed."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client

from safetymap.access.forms import DutyShiftForm
from safetymap.access.policy import case_holders
from safetymap.accounts.models import User
from safetymap.accounts.roles import Role
from safetymap.cases.forms import AllocateForm
from safetymap.core import pickers
from tests.factories import EpisodeFactory, QueueEntryFactory, TeamFactory, UserFactory, manager_of
from tests.forms import date_fields

pytestmark = pytest.mark.django_db


def names(result: pickers.Shown) -> list[str]:
    return [person.full_name for person in result.people]


def practitioners(*names: str) -> list[User]:
    return [UserFactory(roles=[Role.SOCIAL_WORKER], full_name=name) for name in names]


def test_without_a_search_it_lists_the_chosen_the_first_and_then_only_a_bounded_number():
    ann, bea, cal, dee, eve = practitioners("Ann A", "Bea B", "Cal C", "Dee D", "Eve E")
    everyone = User.objects.order_by("full_name")
    result = pickers.shown(
        everyone, selected=str(eve.pk), first=User.objects.filter(pk=dee.pk), limit=2
    )
    assert names(result) == ["Ann A", "Bea B", "Dee D", "Eve E"]  # the queryset's own order
    assert result.total == 5 and result.truncated
    assert result.summary == "Showing 4 of 5: search to find others"


def test_a_search_lists_everyone_whose_name_has_every_word_however_many():
    practitioners("Jo Smith", "Joanne Smithers", "Jo Brown", "Sam Smith")
    result = pickers.shown(User.objects.order_by("full_name"), search="jo smi", limit=1)
    assert names(result) == ["Jo Smith", "Joanne Smithers"]
    assert result.summary == "2 people match “jo smi”"
    nobody = pickers.shown(User.objects.all(), search="Zebedee")
    assert nobody.people == [] and nobody.summary.startswith("Nobody’s name matches “Zebedee”")


def test_a_search_still_keeps_the_chosen_person_and_lists_only_the_first_who_match():
    jo, sam = practitioners("Jo Smith", "Sam Jones")
    result = pickers.shown(
        User.objects.order_by("full_name"),
        selected=[str(sam.pk), "not-an-id"],
        first=User.objects.all(),
        search="Smith",
    )
    assert names(result) == ["Jo Smith", "Sam Jones"]


def test_a_short_list_says_nothing_and_needs_no_search():
    practitioners("Ann A", "Bea B")
    result = pickers.shown(User.objects.all())
    assert result.summary == "" and not result.truncated


def test_a_permitted_worker_outside_the_listed_slice_can_still_be_chosen_by_id(monkeypatch):
    monkeypatch.setattr(pickers, "SHOWN_WITHOUT_SEARCH", 1)
    team = TeamFactory()
    practitioners("Aaron Early")
    (late,) = practitioners("Zed Late")
    form = AllocateForm(
        data={
            "worker": str(late.pk),
            "team": str(team.pk),
            **date_fields("started_on", datetime.date(2026, 3, 2)),
        },
        team=team,
    )
    listed = [value for value, _ in form.fields["worker"].choices_for(None)[0]]
    assert str(late.pk) not in listed  # not shown without a search...
    assert form.is_valid(), form.errors  # ...but permitted, so it is accepted
    assert form.cleaned_data["worker"] == late


@pytest.mark.parametrize("role", [Role.PARTNER_PRACTITIONER, Role.SYSTEM_ADMINISTRATOR])
def test_someone_who_may_not_hold_cases_is_refused_even_by_id_and_even_when_searched(role):
    (refused,) = [UserFactory(roles=[role], full_name="Pat Partner")]
    form = DutyShiftForm(data={"worker": str(refused.pk)})
    form.fields["worker"].search = "Pat"
    assert form.fields["worker"].choices_for(None)[0] == [("", "Choose a person")]
    assert not form.is_valid()
    assert form.errors["worker"] == ["Choose a social worker, front door practitioner or manager"]
    assert not case_holders().filter(pk=refused.pk).exists()


def worker_options(html: str) -> list[str]:
    select = re.search(r'<select[^>]*name="worker".*?</select>', html, re.S)
    assert select, "no worker picker on the page"
    return re.findall(r'<option value="\d+"[^>]*>([^<]*)</option>', select.group(0))


def allocate_page_setup():
    (member,) = practitioners("Zara Teammember")
    team = TeamFactory(members=[member])
    manager = manager_of(team)
    practitioners("Aaron Outsider", "Bella Outsider", "Cleo Smith")
    episode = EpisodeFactory()
    QueueEntryFactory(episode=episode, team=team)
    return episode, manager


def test_the_allocate_page_bounds_the_list_and_its_search_finds_others(client: Client, monkeypatch):
    monkeypatch.setattr(pickers, "SHOWN_WITHOUT_SEARCH", 1)
    episode, manager = allocate_page_setup()
    client.force_login(manager)
    url = f"/episodes/{episode.pk}/allocate/"
    page = client.get(url).content.decode()
    assert worker_options(page)[0].startswith("Zara Teammember")  # the team's first, always
    assert len(worker_options(page)) == 2
    assert "Showing 2 of 6: search to find others" in page
    assert 'name="q"' in page and "Search by name" in page
    assert 'data-module="app-person-picker"' in page
    searched = client.get(url, {"q": "smith"}).content.decode()
    assert worker_options(searched) == ["Cleo Smith"]
    assert "1 person matches “smith”" in searched and "Clear the search" in searched


def test_the_search_box_is_not_offered_when_everyone_is_listed(client: Client):
    episode, manager = allocate_page_setup()
    client.force_login(manager)
    page = client.get(f"/episodes/{episode.pk}/allocate/").content.decode()
    assert len(worker_options(page)) == 6 and "Search by name" not in page


def test_the_search_keeps_the_pages_other_query_values(client: Client, monkeypatch, rf):
    monkeypatch.setattr(pickers, "SHOWN_WITHOUT_SEARCH", 0)
    practitioners("Ann A")
    request = rf.get("/somewhere/", {"q": "Ann", "child": ["4", "5"]})
    box = pickers.search_box(DutyShiftForm(), request)
    assert box["search"] == "Ann" and box["kept"] == [("child", "4"), ("child", "5")]
    assert box["clear_url"] == "/somewhere/?child=4&child=5"
