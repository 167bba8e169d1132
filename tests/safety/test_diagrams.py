"""The genogram and ecomap layouts are pure functions; the drawings are accessible images with a
list of the same people; the pages' queries do not grow with the family."""

from __future__ import annotations

import math

import pytest
from django.test import Client

from safetymap.people.models import Person, Relationship
from safetymap.safety import diagrams
from safetymap.safety.diagrams import Node, ecomap_layout, genogram_layout
from tests.queries import assert_queries_do_not_grow
from tests.safety.helpers import a_new_member, an_episode_with_a_map


def node(key: str, generation: int, **fields) -> Node:
    return Node(key=key, name=key, relationship="x", generation=generation, **fields)


def test_genogram_puts_generations_in_rows_top_to_bottom():
    nodes = [node("nan", 0), node("mum", 1), node("dad", 1), node("zara", 2), node("musa", 2)]
    at = genogram_layout(nodes)
    assert at["nan"][1] < at["mum"][1] == at["dad"][1] < at["zara"][1] == at["musa"][1]
    assert at["mum"][0] < at["dad"][0] and at["zara"][0] < at["musa"][0]


def test_genogram_rows_are_centred_on_the_widest():
    at = genogram_layout([node("nan", 0), node("mum", 1), node("dad", 1), node("zara", 2)])
    assert at["nan"][0] == at["zara"][0] == (at["mum"][0] + at["dad"][0]) / 2


def test_genogram_skips_missing_generations_without_a_gap():
    at = genogram_layout([node("nan", 0), node("zara", 2)])
    assert at["zara"][1] - at["nan"][1] == diagrams.ROW


def test_ecomap_puts_the_child_in_the_centre_and_everyone_evenly_round_it():
    centre, points = ecomap_layout(4, radius=100)
    distances = [math.dist(centre, p) for p in points]
    assert all(abs(d - 100) <= 1 for d in distances)
    assert points[0][0] == centre[0] and points[0][1] < centre[1]  # first at the top
    assert len(set(points)) == 4


def test_the_svg_is_an_image_with_a_title_and_description_and_escapes_names():
    child = Node(key="c", name="Zara <b>", relationship="The child", subject=True)
    drawing = diagrams.ecomap_svg(child, [node("Noor & co", 1, kind="safety network")])
    assert 'role="img"' in drawing.svg and "<title" in drawing.svg and "<desc" in drawing.svg
    assert "Zara &lt;b&gt;" in drawing.svg and "&amp; co" in drawing.svg
    assert "<b>" not in drawing.svg and "style=" not in drawing.svg


@pytest.mark.django_db
def test_the_diagram_pages_show_the_family_and_network_and_do_not_grow(client: Client):
    worker, episode, _ = an_episode_with_a_map()
    a_new_member(worker, episode, "Noor Fictional-Aunt")
    child = episode.child

    def more_relatives() -> None:
        for n in range(4):
            person = Person.objects.create(first_name=f"Relative{n}", last_name="Fictional")
            kind = ("GRANDPARENT", "MOTHER", "SIBLING", "NEIGHBOUR")[n]
            Relationship.objects.create(child=child, person=person, relationship_type=kind)

    more_relatives()
    client.force_login(worker)
    for page in ("genogram", "ecomap"):
        url = f"/children/{child.pk}/{page}/"
        assert_queries_do_not_grow(lambda url=url: client.get(url), more_relatives)
    html = client.get(f"/children/{child.pk}/ecomap/").content.decode()
    assert "Noor Fictional-Aunt" in html and "Safety network" in html
    assert "Everyone in the ecomap, as a list" in html
    html = client.get(f"/children/{child.pk}/genogram/").content.decode()
    assert "Grandparents" in html and "Relative0" in html


@pytest.mark.django_db
def test_the_child_page_shows_the_diagrams_and_does_not_grow_with_the_family(client: Client):
    worker, episode, _ = an_episode_with_a_map()
    child = episode.child
    client.force_login(worker)

    def more() -> None:
        person = Person.objects.create(first_name="Another", last_name="Fictional")
        Relationship.objects.create(child=child, person=person, relationship_type="AUNT_UNCLE")
        a_new_member(worker, episode, f"Helper{Person.objects.count()} Fictional")

    more()
    assert_queries_do_not_grow(lambda: client.get(f"/children/{child.pk}/"), more)
    html = client.get(f"/children/{child.pk}/").content.decode()
    assert (
        "Genogram of" in html and "Ecomap of" in html and "Safety network for the episode" in html
    )
