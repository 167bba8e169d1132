"""What the voice pages show, worked out once for the templates (no rules in templates)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from safetymap.accounts.models import User
from safetymap.mapping import plain_language
from safetymap.voice import selectors, sharing
from safetymap.voice.codes import Tool
from safetymap.voice.models import ChildVoiceRecord, WordsAndPictures, lines


@dataclass(frozen=True)
class Section:
    heading: str
    entries: list[str]
    field: str = ""  # set when entries can be added to the map


def own_words_label(item: ChildVoiceRecord) -> str:
    """How every page marks whose words these are (R27)."""
    name = item.child.known_as or item.child.first_name
    if item.verbatim:
        return f"In {name}'s own words"
    return f"Written down by {item.practitioner.full_name}, not word for word"


def sections(item: ChildVoiceRecord) -> list[Section]:
    names = item.house_names
    if item.tool in (Tool.THREE_HOUSES, Tool.FAIRY_WIZARD):
        found = [
            Section(names["worries"], lines(item.worries), "worries"),
            Section(names["good_things"], lines(item.good_things), "good_things"),
            Section(names["dreams"], lines(item.dreams)),
        ]
        if item.tool == Tool.THREE_HOUSES:
            found += [
                Section("Grown-ups I trust", lines(item.trusted_adults)),
                Section("Who listens to me", lines(item.who_listens)),
                Section("Who frightens me", lines(item.who_frightens)),
            ]
        return found
    if item.tool == Tool.SAFETY_HOUSE:
        path = (
            [f"{item.path_position} out of 10"] if item.path_position is not None else []
        ) + lines(item.path_words)
        return [
            Section("Who lives in my Safety House", lines(item.lives_with_me)),
            Section("Who visits, and on what conditions", lines(item.visitors)),
            Section("The rules of my Safety House", lines(item.house_rules)),
            Section("Who I don't feel safe with", lines(item.not_safe_with)),
            Section("Where I am on the safety path (0 far away, 10 safe inside)", path),
        ]
    return [Section("What I said", lines(item.words))]


def record_context(item: ChildVoiceRecord) -> dict:
    return {
        "item": item,
        "child": item.child,
        "own_words": own_words_label(item),
        "sections": [s for s in sections(item) if s.entries],
        "can_add_to_map": item.tool in (Tool.THREE_HOUSES, Tool.FAIRY_WIZARD),
        "overrides": list(item.overrides.all()),
    }


def booklet_context(user: User, booklet: WordsAndPictures) -> dict:
    permission = selectors.permission_of(booklet)
    printable = selectors.may_see(user, booklet, booklet.basis, "FAMILY")
    name = booklet.child.known_as or booklet.child.first_name
    target = settings.SAFETYMAP_WORDS_AND_PICTURES_READING_AGE
    texts = {
        "Who's worried?": booklet.whos_worried,
        "What are they worried about?": booklet.what_worried_about,
        "What happened then?": booklet.what_happened_then,
        "What are we doing about the worries?": booklet.what_we_are_doing,
        **{f"Page {p.position}": p.text for p in booklet.pages.all()},
    }
    reports = plain_language.check_many(
        {k: v for k, v in texts.items() if v}, target_reading_age=target
    )
    return {
        "booklet": booklet,
        "child": booklet.child,
        "pages": list(booklet.pages.all()),
        "printable": printable,
        "why_not_printable": "" if printable else sharing.why_not(name, permission, "FAMILY"),
        "plain_language": {k: r for k, r in reports.items() if r.has_warnings},
        "target_reading_age": target,
        "overrides": list(booklet.overrides.all()),
    }
