"""Choosing a person from a large council: one way, used by every picker of people.

A council has thousands of practitioners, so a picker never lists everyone. It shows:

- the people already chosen (so a form sent back with an error still shows the choice),
- the people the page lists first (a team's own members, for allocation), and
- up to ``SHOWN_WITHOUT_SEARCH`` others, or, after a search, everyone whose name matches.

The search is a plain GET form (``?q=``) above the page's form, so it works without
JavaScript; with JavaScript the select is also enhanced into GOV.UK's accessible autocomplete
(``data-module="app-person-picker"``, see ``static/js/app.js``).

Only the *display* is narrowed. Validation still checks the field's whole queryset, so any
permitted person can be chosen by id and nobody outside it can: the queryset stays the one
rule each form already gives (``access.policy.case_holders`` and the like).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from safetymap.core.addresses import is_record_id

# How many people a picker lists, besides those chosen and those listed first, when nobody
# has searched. Enough to scroll through; a search finds everyone else.
SHOWN_WITHOUT_SEARCH = 200

SEARCH_PARAMETER = "q"
SEARCH_MAX_LENGTH = 100
PICKER_MODULE = "app-person-picker"


def search_term(request: HttpRequest) -> str:
    """The name searched for on this page, if any."""
    return request.GET.get(SEARCH_PARAMETER, "").strip()[:SEARCH_MAX_LENGTH]


@dataclass(frozen=True)
class Shown:
    """What one picker shows: the people, how many there are in all, and the search."""

    people: list[Any]
    total: int
    search: str

    @property
    def summary(self) -> str:
        shown = len(self.people)
        if self.search:
            if not shown:
                return f"Nobody’s name matches “{self.search}”: search again"
            people = "person matches" if shown == 1 else "people match"
            return f"{shown:,} {people} “{self.search}”"
        if shown < self.total:
            return f"Showing {shown:,} of {self.total:,}: search to find others"
        return ""

    @property
    def truncated(self) -> bool:
        return bool(self.search) or len(self.people) < self.total


def _pks(values: Any) -> list[int]:
    """The chosen ids that look like ids (a posted value may be anything)."""
    if values is None:
        return []
    if not isinstance(values, list | tuple | set):
        values = [values]
    return [int(v) for v in values if is_record_id(str(v))]


def _name_matches(search: str) -> Q:
    """Every word of the search is in the person's name."""
    q = Q()
    for word in search.split():
        q &= Q(full_name__icontains=word)
    return q


def shown(
    queryset: QuerySet,
    *,
    selected: Any = None,
    first: QuerySet | None = None,
    search: str = "",
    limit: int | None = None,
) -> Shown:
    """The people a picker lists, in the queryset's own order (see the module's docstring)."""
    limit = SHOWN_WITHOUT_SEARCH if limit is None else limit
    matching = queryset.filter(_name_matches(search)) if search else queryset
    keep = Q(pk__in=_pks(selected))
    if first is not None:
        keep |= Q(pk__in=first.values("pk")) & _name_matches(search)
    others = matching.exclude(keep).values_list("pk", flat=True)
    if not search:
        others = others[:limit]
    people = list(queryset.filter(keep | Q(pk__in=list(others))))
    return Shown(people=people, total=queryset.count(), search=search)


class PersonSelect(forms.Select):
    """A select that JavaScript enhances into an accessible autocomplete."""

    def __init__(self, attrs: dict[str, Any] | None = None, choices: Any = ()) -> None:
        super().__init__({"data-module": PICKER_MODULE, **(attrs or {})}, choices)


class Picker:
    """What the single and the multiple picker share: the search, who comes first, and the
    bounded list of choices for the form renderer."""

    search: str = ""
    first: QuerySet | None = None

    def shown(self, selected: Any) -> Shown:
        # The search box and the field ask the same question on one page: answer it once.
        key = (self.search, tuple(_pks(selected)))
        cache = self.__dict__.setdefault("_shown", {})
        if key not in cache:
            cache[key] = shown(
                self.queryset, selected=selected, first=self.first, search=self.search
            )
        return cache[key]

    def choices_for(self, selected: Any) -> tuple[list[tuple[str, str]], Shown]:
        """The choices to render (empty label first) and what they are out of."""
        result = self.shown(selected)
        choices = [("", str(self.empty_label))] if getattr(self, "empty_label", None) else []
        choices += [(str(p.pk), self.label_from_instance(p)) for p in result.people]
        return choices, result


class PersonChoiceField(Picker, forms.ModelChoiceField):
    """Choose one person: a select, bounded and searchable, enhanced by JavaScript."""

    widget = PersonSelect


class PeopleChoiceField(Picker, forms.ModelMultipleChoiceField):
    """Choose several people (checkboxes), bounded and searchable in the same way."""

    widget = forms.CheckboxSelectMultiple


def pickers(form: forms.BaseForm) -> list[Picker]:
    return [field for field in form.fields.values() if isinstance(field, Picker)]


def narrow(form: forms.BaseForm, request: HttpRequest) -> None:
    """Apply the page's search (``?q=``) to every picker on the form."""
    for field in pickers(form):
        field.search = search_term(request)


def search_box(form: forms.BaseForm, request: HttpRequest) -> dict[str, Any] | None:
    """What the page's "Search by name" box needs, or None when every picker on the form
    already lists everyone it may (nothing to search for)."""
    fields = [(name, field) for name, field in form.fields.items() if isinstance(field, Picker)]
    results = [field.shown(form[name].value()) for name, field in fields]
    if not any(result.truncated for result in results):
        return None
    kept = [
        (key, value)
        for key, values in request.GET.lists()
        if key != SEARCH_PARAMETER
        for value in values
    ]
    return {
        "parameter": SEARCH_PARAMETER,
        "search": search_term(request),
        "kept": kept,
        "clear_url": request.path + ("?" + urlencode(kept) if kept else ""),
    }
