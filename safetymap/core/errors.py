"""The one shape of a refusal: what a service raises when the rules do not allow something.

``str(refusal)`` says why, in words a practitioner understands; ``field`` names the form field it
is about, if any; ``problems`` lists each (message, field) when several rules refuse at once, so
the page shows them all together (core.views.show_refusal). Each part of the product has its own
subclass (PathwayRefused, RetentionRefused…), so a view catches only its own service's refusals.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Self


class Refused(Exception):
    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.problems: list[tuple[str, str | None]] = [(message, field)]

    @classmethod
    def several(cls, problems: list[tuple[str, str | None]]) -> Self:
        refusal = cls(*problems[0])
        refusal.problems = list(problems)
        return refusal


def refusal_of(check: Callable[[], object]) -> str | None:
    """Why ``check`` (a service's own test of whether a step may be taken now, the one its write
    makes first) refuses, or None when it allows it: what a form page asks before it shows the
    form, so the page is refused on GET exactly as its POST would be."""
    try:
        check()
    except Refused as refusal:
        return refusal.problems[0][0]
    return None


# What the database's own locks say when a change reaches a record they protect (a final map,
# the audit trail): registered by the apps that make those triggers, so a change that slipped
# past a service's check still ends as a plain message (core.middleware), never a server error.
_LOCKED_BY_THE_DATABASE: dict[str, str] = {}


def register_locked_record(trigger_message: str, words: str) -> None:
    """``trigger_message``: what the trigger raises; ``words``: what the person is told."""
    _LOCKED_BY_THE_DATABASE[trigger_message] = words


def locked_record_words(exception: BaseException) -> str | None:
    text = str(exception)
    return next((w for m, w in _LOCKED_BY_THE_DATABASE.items() if m in text), None)
