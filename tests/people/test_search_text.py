"""Reading one search box: names, a date of birth and identifiers, in any order."""

from __future__ import annotations

import datetime

import pytest

from safetymap.people.search_text import SearchText, read


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Amara", SearchText(names=("Amara",))),
        ("  Amara   Okafor ", SearchText(names=("Amara", "Okafor"))),
        ("Okafor 7/3/2016", SearchText(names=("Okafor",), date_of_birth=datetime.date(2016, 3, 7))),
        ("07-03-2016", SearchText(date_of_birth=datetime.date(2016, 3, 7))),
        ("2016-03-07", SearchText(date_of_birth=datetime.date(2016, 3, 7))),
        (
            "7 March 2016 Amara",
            SearchText(names=("Amara",), date_of_birth=datetime.date(2016, 3, 7)),
        ),
        ("7 Mar 2016", SearchText(date_of_birth=datetime.date(2016, 3, 7))),
        ("943 476 5919", SearchText(nhs_number="9434765919")),
        ("943-476-5919", SearchText(nhs_number="9434765919")),
        ("lrk0000101", SearchText(references=("LRK0000101",))),
        ("A123456789012", SearchText(upn="A123456789012")),
    ],
)
def test_each_part_is_read_for_what_it_is(typed: str, expected: SearchText):
    assert read(typed) == expected


@pytest.mark.parametrize("typed", ["31/2/2016", "7 Smarch 2016", "99/99/9999"])
def test_a_date_that_does_not_exist_is_not_guessed_at(typed: str):
    assert read(typed).date_of_birth is None


def test_only_the_first_date_is_a_date_of_birth():
    assert read("1/1/2015 2/2/2016").date_of_birth == datetime.date(2015, 1, 1)
