"""What someone typed into the search box, read as names, a date of birth and identifiers.

Pure: no Django. One box takes any mix, in any order: "Amara", "Okafor 7/3/2016",
"LRK0000101", "943 476 5919", "Tobs". Numbers that are not a date are read as an NHS number
(exactly ten digits, spaces allowed), a unique pupil number (a letter and twelve characters) or
a council reference (anything else with a digit in it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WORDS_DATE = re.compile(r"(?<!\S)(\d{1,2})\s+([A-Za-z]{3,9})\.?\s+(\d{4})(?!\S)")
# NHS numbers are written 3-3-4 (943 476 5919) as often as run together.
_NHS_NUMBER = re.compile(r"(?<!\d)(\d{3})[\s-]?(\d{3})[\s-]?(\d{4})(?!\d)")
_UPN = re.compile(r"^[A-Z]\d{11}[0-9A-Z]$")


@dataclass(frozen=True)
class SearchText:
    names: tuple[str, ...] = ()
    date_of_birth: date | None = None
    nhs_number: str = ""
    upn: str = ""
    references: tuple[str, ...] = ()  # council references, upper case

    @property
    def has_identifier(self) -> bool:
        return bool(self.nhs_number or self.upn or self.references)


def _date(day: str, month: str | int, year: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def _token_date(token: str) -> date | None:
    """7/3/2016, 07-03-2016, 7.3.2016 (day first, as written in England) or 2016-03-07."""
    if found := _NUMERIC_DATE.match(token):
        return _date(found.group(1), found.group(2), found.group(3))
    if found := _ISO_DATE.match(token):
        return _date(found.group(3), found.group(2), found.group(1))
    return None


def read(text: str) -> SearchText:
    """The parts of a search, in the order typed; anything unreadable as a date or number is a
    name, so nothing typed is silently ignored."""
    text = " ".join(text.split())
    born: date | None = None

    def words_date(found: re.Match[str]) -> str:
        nonlocal born
        month = _MONTHS.get(found.group(2).lower())
        if born is None and month and (value := _date(found.group(1), month, found.group(3))):
            born = value
            return " "
        return found.group(0)

    text = _WORDS_DATE.sub(words_date, text)
    nhs = ""
    if found := _NHS_NUMBER.search(text):
        nhs = "".join(found.groups())
        text = text[: found.start()] + " " + text[found.end() :]

    names: list[str] = []
    references: list[str] = []
    upn = ""
    for token in text.split():
        if born is None and (value := _token_date(token)):
            born = value
            continue
        if any(c.isdigit() for c in token):
            reference = token.upper().strip(",.;")
            if _UPN.match(reference) and not upn:
                upn = reference
            else:
                references.append(reference)
            continue
        names.append(token)
    return SearchText(
        names=tuple(names),
        date_of_birth=born,
        nhs_number=nhs,
        upn=upn,
        references=tuple(references),
    )
