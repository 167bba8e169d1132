"""The one shape of a refusal: what a service raises when the rules do not allow something.

``str(refusal)`` says why, in words a practitioner understands; ``field`` names the form field it
is about, if any; ``problems`` lists each (message, field) when several rules refuse at once, so
the page shows them all together (core.views.show_refusal). Each part of the product has its own
subclass (PathwayRefused, RetentionRefused…), so a view catches only its own service's refusals.
"""

from __future__ import annotations

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
