"""Keyset pagination: one page of a long list, and opaque cursors to the pages either side.

Why keyset, not offset (``LIMIT 50 OFFSET 5000``):

- **Stable under inserts.** A list of contacts or notes grows while someone reads it. An offset
  counts rows, so a new row at the top pushes every row down one and the next page repeats one;
  a deleted row makes one vanish between pages. A keyset page starts *after the last row shown*
  (``WHERE (date, id) < (:date, :id)``), so what comes next is exactly what had not been shown.
- **Constant cost at depth.** An offset makes the database read and discard every row before the
  page: page 100 costs 100 pages. A keyset page is an index range scan from the cursor: the oldest
  page of a 3,000-note chronology costs what the newest does.
- **One query per page.** ``size + 1`` rows are fetched: the extra row says whether there is a
  next page, without a ``COUNT(*)`` over the whole list.

The list must be ordered by a *unique* key: the last field should be the primary key (``("-date",
"-id")``, ``("last_name", "first_name", "id")``), and the key fields must not be null (NULL does
not compare). Mixed directions are fine: the condition is written out field by field, ``(a > x)
OR (a = x AND b < y) …``, which SQLite and PostgreSQL both plan as a range on an index.

A cursor is the key of a row, signed (``django.core.signing``, salted with the list's key), so a
cursor altered, truncated, from another list, or any other text (a NUL byte, markup, 10,000
characters) is simply not a cursor: the first page is shown and ``page.cursor_was_bad`` is set,
never a server error. The signature is not about secrecy (a cursor only narrows a queryset the
access policy already scoped); it is what makes parsing safe.

Links keep the other GET parameters (the filters): ``core/_keyset_pagination.html`` builds them
with Django's ``{% querystring %}``.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.core import signing
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import QueryDict

Row = TypeVar("Row")

CURSOR_PARAMETER = "cursor"
MAX_CURSOR_LENGTH = 1_000  # far longer than any real cursor; anything longer is not one
AFTER, BEFORE = "a", "b"


@dataclass(frozen=True)
class KeysetPage(Generic[Row]):
    """One page of rows, in the list's order, and the cursors to the pages either side (None when
    there is none). ``is_first`` is true on the first page."""

    rows: list[Row]
    next_cursor: str | None = None
    previous_cursor: str | None = None
    is_first: bool = True
    cursor_was_bad: bool = False
    parameter: str = CURSOR_PARAMETER
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def has_other_pages(self) -> bool:
        return bool(self.next_cursor or self.previous_cursor)

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __bool__(self) -> bool:
        return bool(self.rows)


# --- Cursors ------------------------------------------------------------------------------------


def _salt(order: Sequence[str]) -> str:
    return "safetymap.paging:" + ",".join(order)


def _plain(value: Any) -> Any:
    """A key value as JSON: dates, times and decimals as text, read back by the field."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def make_cursor(order: Sequence[str], direction: str, key: Sequence[Any]) -> str:
    """A signed cursor: the rows ``AFTER`` (or ``BEFORE``) the row whose key is ``key``."""
    return signing.dumps([direction, [_plain(v) for v in key]], salt=_salt(order), compress=False)


def _key_field(model: type[Model], name: str):
    """The model field at the end of ``name`` (``child__last_name``), or None for an annotation."""
    current: type[Model] | None = model
    found = None
    for part in name.split("__"):
        if current is None:
            return None
        try:
            found = current._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        current = found.related_model
    if found is not None and found.is_relation:
        found = found.target_field
    return found


def read_cursor(
    order: Sequence[str],
    cursor: str | None,
    model: type[Model] | None = None,
    parsers: Sequence[Callable[[Any], Any]] | None = None,
) -> tuple[str, list[Any]] | None:
    """``(direction, key)`` from a cursor made by ``make_cursor`` for this ``order``, or None for
    anything else. Values are read back by the model's own fields (``to_python``), or, for keys
    that are not fields, by ``parsers``: one callable per key part (``datetime.date.fromisoformat``,
    ``int``)."""
    if not cursor or len(cursor) > MAX_CURSOR_LENGTH:
        return None
    try:
        direction, values = signing.loads(cursor, salt=_salt(order))
        if direction not in (AFTER, BEFORE) or len(values) != len(order):
            return None
        key = []
        for position, (name, value) in enumerate(zip(order, values, strict=True)):
            if value is None:
                return None
            if parsers is not None:
                key.append(parsers[position](value))
                continue
            key_field = _key_field(model, name.lstrip("-")) if model else None
            key.append(key_field.to_python(value) if key_field else value)
    except (signing.BadSignature, ValueError, TypeError, ValidationError, AttributeError):
        return None
    return direction, key


# --- Pages of a queryset ------------------------------------------------------------------------


def beyond(order: Sequence[str], key: Sequence[Any], *, backwards: bool = False) -> Q:
    """The rows that come after the row with ``key`` in ``order`` (before it, ``backwards``):
    ``(a > x) OR (a = x AND b > y) …``, each comparison turned for a descending field."""
    condition = Q()
    equal_so_far = Q()
    for name, value in zip(order, key, strict=True):
        descending = name.startswith("-")
        bare = name.lstrip("-")
        lookup = "lt" if descending != backwards else "gt"
        condition |= equal_so_far & Q(**{f"{bare}__{lookup}": value})
        equal_so_far &= Q(**{bare: value})
    return condition


def _reversed(order: Sequence[str]) -> list[str]:
    return [name[1:] if name.startswith("-") else f"-{name}" for name in order]


def _key_of(row: Any, order: Sequence[str]) -> list[Any]:
    key = []
    for name in order:
        bare = name.lstrip("-")
        if isinstance(row, dict):  # a ``values()`` row names the key as it was asked for
            key.append(row[bare])
            continue
        value: Any = row
        for part in bare.split("__"):
            value = getattr(value, part)
        key.append(value.pk if isinstance(value, Model) else value)
    return key


def keyset_page(
    queryset: QuerySet,
    order: Sequence[str],
    size: int,
    cursor: str | None = None,
    *,
    parameter: str = CURSOR_PARAMETER,
) -> KeysetPage:
    """The page of ``queryset`` (ordered here by ``order``, a unique key) that ``cursor`` points
    to, or the first page when there is no cursor or it is not one; one query (two only when a
    "previous" link leads back to the start, which then shows the first page in full)."""
    order = list(order)
    read = read_cursor(order, cursor, queryset.model)
    bad = bool(cursor) and read is None
    if read is None:
        return _forward(queryset, order, size, None, parameter, bad=bad)
    direction, key = read
    if direction == AFTER:
        return _forward(queryset, order, size, key, parameter)
    rows = list(
        queryset.filter(beyond(order, key, backwards=True)).order_by(*_reversed(order))[: size + 1]
    )
    if len(rows) <= size:
        # Back at the start: show the first page whole rather than the few rows before the cursor.
        return _forward(queryset, order, size, None, parameter)
    rows = rows[:size][::-1]
    return KeysetPage(
        rows=rows,
        next_cursor=make_cursor(order, AFTER, _key_of(rows[-1], order)),
        previous_cursor=make_cursor(order, BEFORE, _key_of(rows[0], order)),
        is_first=False,
        parameter=parameter,
    )


def _forward(
    queryset: QuerySet,
    order: list[str],
    size: int,
    key: list[Any] | None,
    parameter: str,
    *,
    bad: bool = False,
) -> KeysetPage:
    if key is not None:
        queryset = queryset.filter(beyond(order, key))
    rows = list(queryset.order_by(*order)[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return KeysetPage(
        rows=rows,
        next_cursor=make_cursor(order, AFTER, _key_of(rows[-1], order)) if more else None,
        previous_cursor=(
            make_cursor(order, BEFORE, _key_of(rows[0], order))
            if key is not None and rows
            else None
        ),
        is_first=key is None,
        cursor_was_bad=bad,
        parameter=parameter,
    )


def page_query(query: QueryDict, page: KeysetPage, which: str) -> str:
    """The query string of the link to the ``"next"`` or ``"previous"`` page (or ``"first"``): the
    request's own parameters (the filters) kept, the cursor replaced."""
    params = query.copy()
    params.pop(page.parameter, None)
    cursor = {"next": page.next_cursor, "previous": page.previous_cursor}.get(which)
    if cursor:
        params[page.parameter] = cursor
    return "?" + params.urlencode() if params else "?"
