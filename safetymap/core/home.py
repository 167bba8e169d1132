"""The home page (My work) is gathered from providers that each app registers, so the page
knows no app and no app knows the page (design.md, "Layers").

A provider takes the signed-in person and returns the sections of their home page that its
app owns: what that person must do next. Each section is bounded (the first few rows, the
total, and a "see all" link to a paged list), so a home page stays small whatever the
caseload. ``priority`` orders the sections: lower comes first, and providers choose it by the
person's role, so each role sees its own work first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

# How many rows a home page section shows before "see all".
SECTION_ROWS = 8


@dataclass(frozen=True)
class HomeRow:
    label: str  # what to do, shown as the link
    url: str
    about: str = ""  # the child or children, the team, the course
    when: str = ""  # due or waiting since, in words
    tag: str = ""  # "Overdue", "Returned", "Due today"
    tag_colour: str = ""  # a GOV.UK tag modifier: red, orange, blue, grey


@dataclass(frozen=True)
class HomeSection:
    heading: str
    rows: Sequence[HomeRow]
    priority: int = 50
    total: int | None = None  # how many there are in all, when more than the rows shown
    see_all_url: str = ""
    see_all_text: str = ""
    empty: str = ""  # shown when there are no rows; a section with neither is left out
    columns: tuple[str, str, str] = ("What", "About", "When")
    key: str = field(default="", compare=False)  # a stable id for tests and the page

    @property
    def more(self) -> int:
        return max(0, (self.total or 0) - len(self.rows))


Provider = Callable[[Any], Sequence[HomeSection]]
_providers: list[Provider] = []


def provides_home(provider: Provider) -> Provider:
    """Register a provider (from an app's AppConfig.ready, so each is registered once)."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def home_sections(user: Any) -> list[HomeSection]:
    sections = [section for provider in _providers for section in provider(user)]
    shown = [section for section in sections if section.rows or section.empty]
    return sorted(shown, key=lambda section: section.priority)
