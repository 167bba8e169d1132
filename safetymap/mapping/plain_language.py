"""Plain-language checks for danger statements, safety goals and map items (R18; issue 4 item 6).

Signs of Safety asks that families understand every word written about them, so this gives a
reading age and flags labels and abbreviations with plain alternatives. It only ever warns: a
practitioner may have good reason to keep a word (a parent's own phrase, say), so nothing here
blocks a save, and nothing raises on odd input.

Pure Python on purpose, so it can run on every keystroke-driven request and in any test without a
database. The one contact with Django is ``_settings_overrides``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import textstat

from safetymap.mapping.jargon import DEFAULT_JARGON

__all__ = [
    "TARGET_READING_AGE",
    "JargonHit",
    "PlainLanguageReport",
    "check",
    "check_many",
    "find_jargon",
    "jargon_terms",
    "reading_age",
]

# The age a family member should be able to read at; about the level of a popular tabloid.
TARGET_READING_AGE = 11
# Readability formulas are noise on a few words ("Dad left."), so short text gets no score.
MIN_WORDS_FOR_READING_AGE = 5
# UK reading age is conventionally the US school grade that Flesch-Kincaid gives, plus five.
GRADE_TO_READING_AGE = 5
# Below five the formula goes negative; no one has a reading age of two.
YOUNGEST_READING_AGE = 5
# Above this the number stops meaning anything to a reader, so the message just says "adult".
ADULT_READING_AGE = 18

# Between words of a phrase: any run of spaces or hyphens ("non engagement", "non-engagement").
_BETWEEN_WORDS = r"[\s\-\u2010\u2011]+"
# Where the listed term has a hyphen, the writer may use a hyphen, a space or nothing.
_FOR_HYPHEN = r"[\s\-\u2010\u2011]?"
# Between the letter and number of "s47": "s47", "s.47", "s 47".
_LETTER_TO_DIGIT = r"\.?\s?"
# Flesch counted each independent clause marked off by a semicolon, colon or dash as a sentence;
# textstat only splits on . ! ?, which makes list-like danger statements look far harder than they
# are. Line breaks count too, because items are often typed as lines without full stops.
_CLAUSE_BREAK = re.compile(r"\s*(?:;|:(?=\s)|\s[\u2013\u2014-]\s|\n+)\s*")


@dataclass(frozen=True, slots=True)
class JargonHit:
    """One listed term found in the text."""

    term: str  # exactly as written, so the UI can highlight text[start:end]
    start: int
    end: int
    suggestion: str  # the plain alternative, or a prompt to describe what happened
    listed_as: str  # the list entry it matched, e.g. "concerns" for "Concern"


@dataclass(frozen=True, slots=True)
class PlainLanguageReport:
    """What to show under a field. Warnings only: an empty ``messages`` means nothing to say."""

    reading_age: int | None
    jargon: tuple[JargonHit, ...] = ()
    messages: tuple[str, ...] = ()

    @property
    def has_warnings(self) -> bool:
        return bool(self.messages)


def check(
    text: str,
    *,
    terms: Mapping[str, str] | None = None,
    target_reading_age: int = TARGET_READING_AGE,
) -> PlainLanguageReport:
    """Check one piece of text. ``terms`` defaults to the list plus ``SAFETYMAP_JARGON``."""
    text = text or ""
    if terms is None:
        terms = jargon_terms()
    hits = find_jargon(text, terms=terms)
    age = reading_age(text)

    messages: list[str] = []
    seen: set[str] = set()
    for hit in hits:
        # One message per term: "neglect" three times in a paragraph is one thing to fix.
        if hit.listed_as not in seen:
            seen.add(hit.listed_as)
            messages.append(_jargon_message(hit))
    if age is not None and age > target_reading_age:
        messages.append(_reading_age_message(age, target_reading_age))
    return PlainLanguageReport(reading_age=age, jargon=hits, messages=tuple(messages))


def check_many(
    fields: Mapping[str, str],
    *,
    terms: Mapping[str, str] | None = None,
    target_reading_age: int = TARGET_READING_AGE,
) -> dict[str, PlainLanguageReport]:
    """Check each field of a form (name -> text), keeping the form's order."""
    if terms is None:
        terms = jargon_terms()  # read settings once, not once per field
    return {
        name: check(text, terms=terms, target_reading_age=target_reading_age)
        for name, text in fields.items()
    }


def reading_age(text: str) -> int | None:
    """UK reading age (Flesch-Kincaid grade + 5, rounded), or None for under five words."""
    prepared = _CLAUSE_BREAK.sub(". ", text or "")
    if textstat.lexicon_count(prepared) < MIN_WORDS_FOR_READING_AGE:
        return None
    age = textstat.flesch_kincaid_grade(prepared) + GRADE_TO_READING_AGE
    # Round half up: Python's round() sends 12.5 to 12, which would under-warn.
    return max(YOUNGEST_READING_AGE, math.floor(age + 0.5))


def find_jargon(text: str, *, terms: Mapping[str, str] | None = None) -> tuple[JargonHit, ...]:
    """Every listed term in ``text``, in order; where two overlap, the longer phrase wins."""
    if terms is None:
        terms = jargon_terms()
    if not text or not terms:
        return ()
    pattern, keys = _compile(tuple(sorted(terms.items())))
    hits = []
    for match in pattern.finditer(text):
        key = keys[(match.lastindex or 1) - 1]  # one capturing group per term, in key order
        hits.append(
            JargonHit(
                term=match.group(),
                start=match.start(),
                end=match.end(),
                suggestion=terms[key],
                listed_as=key,
            )
        )
    return tuple(hits)


def jargon_terms(overrides: Mapping[str, str | None] | None = None) -> dict[str, str]:
    """The default list with overrides applied (``SAFETYMAP_JARGON`` when none are given).

    An override adds a term or replaces a default's suggestion; ``None`` removes a default. Keys are
    compared ignoring case, so ``{"Neglect": None}`` removes ``neglect``. Malformed entries (a
    non-text or blank key) are skipped, because a settings typo must not break every form.
    """
    if overrides is None:
        overrides = _settings_overrides()
    terms = dict(DEFAULT_JARGON)
    by_folded = {term.casefold(): term for term in terms}
    for raw_term, plain in overrides.items():
        if not isinstance(raw_term, str) or not raw_term.strip():
            continue
        term = " ".join(raw_term.split())
        existing = by_folded.pop(term.casefold(), None)
        if existing is not None:
            del terms[existing]
        if plain is None:
            continue
        terms[term] = str(plain)
        by_folded[term.casefold()] = term
    return terms


def _settings_overrides() -> Mapping[str, str | None]:
    """``settings.SAFETYMAP_JARGON`` if Django is present, configured and the setting is a dict."""
    try:
        from django.conf import settings
    except ImportError:
        return {}
    if not settings.configured:
        return {}
    overrides = getattr(settings, "SAFETYMAP_JARGON", None)
    return overrides if isinstance(overrides, Mapping) else {}


def _is_abbreviation(term: str) -> bool:
    """Upper-case only (``LAC``), or a single token with a number (``s47``)."""
    if " " in term:
        return False
    has_upper = any(c.isupper() for c in term)
    has_lower = any(c.islower() for c in term)
    return (has_upper and not has_lower) or any(c.isdigit() for c in term)


def _is_case_sensitive(term: str) -> bool:
    # "CIN" must not match "cin", nor "EH" the word "eh"; everything with lower case is a word.
    return not any(c.islower() for c in term) and any(c.isupper() for c in term)


def _plural(word: str) -> tuple[str, str]:
    """Split ``word`` into a stem and a regex for the endings it may take (singular or plural)."""
    lower = word.lower()
    if not lower[-1:].isalpha():
        return word, ""
    if lower.endswith("ies"):
        return word[:-3], "(?:ies|y)"  # "boundaries" / "boundary"
    if lower.endswith("y") and lower[-2:-1] not in ("a", "e", "i", "o", "u", ""):
        return word[:-1], "(?:y|ies)"
    if lower.endswith("ss") or lower.endswith(("x", "z", "ch", "sh")):
        return word, "(?:es)?"
    if lower.endswith("s"):
        return word[:-1], "s?"  # "concerns" / "concern"
    return word, "s?"


def _word_pattern(word: str) -> str:
    out: list[str] = []
    for i, char in enumerate(word):
        if char == "-":
            out.append(_FOR_HYPHEN)
            continue
        if i and char.isdigit() and word[i - 1].isalpha():
            out.append(_LETTER_TO_DIGIT)
        out.append(re.escape(char))
    return "".join(out)


def _term_pattern(term: str) -> str:
    words = term.split()
    if _is_case_sensitive(term):
        # Abbreviations take only a lower-case plural: "LACs", never "LACS" read as a new word.
        tail = "s?" if term[-1].isalpha() else ""
        return _BETWEEN_WORDS.join(_word_pattern(w) for w in words) + tail
    stem, ending = _plural(words[-1])
    parts = [_word_pattern(w) for w in words[:-1]] + [_word_pattern(stem) + ending]
    return _BETWEEN_WORDS.join(parts)


@lru_cache(maxsize=16)
def _compile(items: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str], tuple[str, ...]]:
    """One alternation for all terms, longest first so "safeguarding concerns" beats "concerns"."""
    keys = tuple(sorted((term for term, _ in items), key=lambda t: (-len(t), t)))
    alternatives = []
    for key in keys:
        scope = "(?:" if _is_case_sensitive(key) else "(?i:"
        alternatives.append(f"({scope}{_term_pattern(key)}))")
    # Whole words only: "CIN" is not in "CINEMA", "neglect" is not in "neglecting".
    return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)"), keys


def _jargon_message(hit: JargonHit) -> str:
    if _is_abbreviation(hit.listed_as):
        return f"‘{hit.term}’ is an abbreviation a family may not know: {hit.suggestion}"
    return f"‘{hit.term}’ is a label: {hit.suggestion}"


def _reading_age_message(age: int, target: int) -> str:
    if age >= ADULT_READING_AGE:
        needed = f"an adult reading age ({ADULT_READING_AGE} or over)"
    else:
        needed = f"a reading age of about {age}"
    return (
        f"A reader needs {needed} to follow this; aim for {target} or under: "
        "use shorter sentences and everyday words"
    )
