"""What a page reads from its address (the query string), checked the one way.

A link can be mistyped, cut off or changed by hand. A part of it that is not what the page
expects is answered with "that request could not be understood" (400) saying which part, never
with a server error and never by guessing.
"""

from __future__ import annotations

from django.core.exceptions import BadRequest
from django.http import HttpRequest

# The largest id the database holds (a BigAutoField); anything larger cannot name a record.
LARGEST_ID = 2**63 - 1


class WrongAddress(BadRequest):
    """A part of the page's address that is not right, in words for the error page."""


def is_record_id(text: str) -> bool:
    """Whether ``text`` could be the id of a record: digits only, and within the database's range
    (checked by length first, so ten thousand digits are never turned into a number)."""
    return text.isascii() and text.isdigit() and len(text) <= 19 and 0 < int(text) <= LARGEST_ID


def record_id(request: HttpRequest, name: str) -> int | None:
    """The id of a record named by ``?name=``, or None when the address does not name one."""
    value = request.GET.get(name, "").strip()
    if not value:
        return None
    if not is_record_id(value):
        raise WrongAddress("The link you followed has been changed or cut short.")
    return int(value)
