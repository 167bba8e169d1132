"""Is this person already known? Pure matching logic, with no Django, for duplicate detection.

Two parts, used together by the database layer:

* ``search_keys`` gives short strings stored in an indexed table. A search fetches every stored
  person sharing at least one key with the new details, so keys are deliberately loose: a true
  match that shares no key is never even scored.
* ``likely_matches`` scores those candidates and returns the likely ones, best first, each with
  the reasons in plain English so the practitioner can judge for themselves.

Names are compared after folding case, accents, apostrophes, hyphens and spacing, then by a table
of transliterations and short forms (``name_variants``), by sound (Metaphone, NYSIIS) and by edit
distance (Jaro-Winkler, optimal string alignment). Dates of birth allow for the day and month
being swapped and for one mistyped digit. An equal NHS number is decisive.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import jellyfish
from rapidfuzz.distance import OSA, Hamming, JaroWinkler

from safetymap.people.name_variants import VARIANT_GROUPS, variant_index

# Tuned on tests/people/name_variants.csv for the best F2 (recall weighted over precision: a missed
# duplicate splits a child's history, a wrong suggestion costs a glance). Every threshold from
# 0.56 to 0.65 does equally well there; 0.6 sits between twins with unrelated first names (0.55)
# and the weakest true match found (an initial plus a mistyped date of birth, 0.66).
MATCH_THRESHOLD = 0.6

# Surname carries a little more weight than first name: first names are where nicknames, short
# forms and "known as" names turn up, so they disagree more often for the same person.
SURNAME_WEIGHT = 0.55
FIRST_NAME_WEIGHT = 0.45

# Without a date of birth on both sides the names alone must carry the match, so damp the score
# to keep exact namesakes with a known date of birth ahead.
NO_DATE_FACTOR = 0.8

# Non-NHS matches stop just short of 1 so an equal NHS number always ranks first.
BEST_WITHOUT_NHS = 0.99

# A different NHS number on both records is strong evidence of two people, but numbers are
# mistyped too, so it lowers the score (an otherwise identical record still shows) and says so.
DIFFERENT_NHS_FACTOR = 0.7

# Search keys are stored in an indexed column of this width.
KEY_MAX_LENGTH = 64

# Small words that begin surnames (O'Brien, De Souza, Al-Hassan) are too common to match on alone.
_PARTICLES = frozenset(
    {"o", "d", "de", "da", "di", "del", "van", "von", "der", "le", "la", "al", "el", "bin", "ibn"}
)

# Letters that Unicode decomposition leaves alone but English records spell without the mark.
_SPECIAL_LETTERS = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "ı": "i",
        "đ": "d",
        "Đ": "D",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
    }
)
_APOSTROPHES = re.compile(r"['’‘`´ʼ]")
_SEPARATORS = re.compile(r"[\s\-‐‑–—_/.,]+")
_NON_LETTERS = re.compile(r"[^a-z]+")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_VARIANTS = variant_index()


@dataclass(frozen=True)
class PersonDetails:
    first_name: str
    last_name: str
    date_of_birth: date | None = None
    nhs_number: str = ""  # 10 digits, spaces allowed in input
    key: object = None  # the stored record's id, for candidates
    # Other names the same person goes by, each (first name, surname): a known-as name with the
    # surname, former names. A query matching any of them matches the person.
    other_names: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Match:
    candidate: PersonDetails
    score: float  # 0..1, higher is more likely the same person
    reasons: tuple[str, ...]  # plain English, for the practitioner


# --- normalising -------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lower-case ASCII letters only: Zoë to zoe, O'Brien to obrien, Yılmaz to yilmaz."""
    text = unicodedata.normalize("NFKD", text.translate(_SPECIAL_LETTERS))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _APOSTROPHES.sub("", text.lower())
    return _NON_LETTERS.sub("", text)


def tidy(text: str) -> str:
    """The name as typed, without stray spaces, for showing back in reasons."""
    return " ".join(text.split())


def nhs_digits(nhs_number: str) -> str:
    """Digits only, and only when there are exactly ten of them (anything else can't match)."""
    digits = "".join(c for c in nhs_number if c.isdigit())
    return digits if len(digits) == 10 else ""


@dataclass(frozen=True)
class _Name:
    """A name split into comparable pieces, keeping the typed form of each for reasons."""

    display: str  # "Smith-Jones"
    whole: str  # "smithjones": spacing and hyphens ignored
    parts: tuple[tuple[str, str], ...]  # (("smith", "Smith"), ("jones", "Jones"))

    @property
    def is_compound(self) -> bool:
        return len(self.parts) > 1


@lru_cache(maxsize=4096)
def _split_name(text: str) -> _Name:
    pieces = [(fold(piece), piece) for piece in _SEPARATORS.split(text.strip())]
    pieces = [(folded, piece) for folded, piece in pieces if folded]
    whole = "".join(folded for folded, _ in pieces)
    # Particles and initials stay in the whole name but are not parts of their own.
    parts = tuple(p for p in pieces if len(p[0]) > 1 and p[0] not in _PARTICLES)
    return _Name(display=tidy(text), whole=whole, parts=parts)


@lru_cache(maxsize=8192)
def _metaphone(token: str) -> str:
    return jellyfish.metaphone(token) if token else ""


@lru_cache(maxsize=8192)
def _nysiis(token: str) -> str:
    return jellyfish.nysiis(token) if token else ""


# --- search keys -------------------------------------------------------------------------------


def _name_tokens(name: _Name) -> set[str]:
    tokens = {folded for folded, _ in name.parts}
    if name.whole:
        tokens.add(name.whole)
    return tokens


def _name_keys(text: str) -> set[str]:
    keys: set[str] = set()
    for token in _name_tokens(_split_name(text)):
        keys.add(f"exact:{token}")
        if code := _metaphone(token):
            keys.add(f"name:{code}")
        if code := _nysiis(token):
            keys.add(f"sound:{code}")
        for group in _VARIANTS.get(token, ()):
            keys.add(f"variant:{VARIANT_GROUPS[group][0]}")
    return keys


def search_keys(details: PersonDetails) -> frozenset[str]:
    """Short strings to index; any true match should share at least one with its query.

    Store the keys of every person; to search, rank the people sharing keys with the new details
    (``key_weight``) and pass the best of them to ``likely_matches``.

    Names give their folded spelling (so exact names rank first), two phonetic codes (so typos
    that sound alike still meet) and variant-group keys (so Yusuf meets Yousef); the date of birth
    gives one key that is the same when day and month are swapped; the NHS number gives itself.
    """
    keys: set[str] = set()
    # First names and surnames share one key space, so names typed into the wrong boxes still meet.
    names = [details.first_name, details.last_name]
    for first, last in details.other_names:
        names += [first, last]
    for text in names:
        keys |= _name_keys(text)
    if dob := details.date_of_birth:
        low, high = sorted((dob.day, dob.month))
        keys.add(f"dob:{dob.year:04d}-{low:02d}-{high:02d}")
    if nhs := nhs_digits(details.nhs_number):
        keys.add(f"nhs:{nhs}")
    # Only an absurdly long name could exceed the column; cutting it keeps equal names equal.
    return frozenset(key[:KEY_MAX_LENGTH] for key in keys)


# How much one shared key says, before its rarity is counted: an NHS number is decisive, a date of
# birth narrows 20,000 children to a handful, an exact name says more than a sound-alike one.
_KIND_WEIGHT = {"nhs": 40.0, "dob": 12.0, "exact": 1.0, "variant": 0.8, "name": 0.6, "sound": 0.5}


def key_weight(key: str, holders: int, population: int) -> float:
    """How strongly sharing ``key`` suggests the same person, when ``holders`` of ``population``
    records have it: names are weighted by rarity (inverse document frequency), so "Khan" or
    "Mohammed" count for far less than "Okonkwo" and a very common name cannot crowd out the rest.
    Identifiers (NHS number, date of birth) keep their weight whatever their count."""
    kind = key.partition(":")[0]
    base = _KIND_WEIGHT.get(kind, 0.5)
    if kind in ("nhs", "dob"):
        return base
    return base * math.log(1 + population / max(holders, 1))


# --- comparing names ---------------------------------------------------------------------------

# How close two single names are, from the strongest kind of agreement down.
EXACT, VARIANT, PHONETIC, SPELLING, SHORT_FORM, INITIAL, NONE = (
    "exact",
    "variant",
    "phonetic",
    "spelling",
    "short form",
    "initial",
    "none",
)
_KIND_VALUE = {EXACT: 1.0, VARIANT: 0.95, PHONETIC: 0.9, SHORT_FORM: 0.5, INITIAL: 0.5, NONE: 0.0}


@dataclass(frozen=True)
class _Agreement:
    value: float
    kind: str
    query: str = ""  # the typed pieces that agreed, for the reason text
    candidate: str = ""
    compound: str = ""  # the double-barrelled name when only one of its parts agreed


_NO_AGREEMENT = _Agreement(0.0, NONE)


@lru_cache(maxsize=16384)
def _token_agreement(a: str, b: str, given_name: bool) -> tuple[float, str]:
    """Agreement between two folded names, and its kind."""
    if not a or not b:
        return 0.0, NONE
    if a == b:
        return 1.0, EXACT
    if _VARIANTS.get(a, frozenset()) & _VARIANTS.get(b, frozenset()):
        return _KIND_VALUE[VARIANT], VARIANT
    if min(len(a), len(b)) == 1:
        # An initial agrees with a name only as weak evidence.
        return (_KIND_VALUE[INITIAL], INITIAL) if a[0] == b[0] else (0.0, NONE)
    similarity = JaroWinkler.normalized_similarity(a, b)
    if given_name and _gendered_pair(a, b):
        # Shaun and Shauna, Ciaran and Ciara: alike on paper, but usually a brother and sister
        # (often twins), so they count for little.
        return min(_scaled(similarity), 0.3), SPELLING
    sounds_alike = _metaphone(a) == _metaphone(b) or _nysiis(a) == _nysiis(b)
    # Very short names sound alike too easily (Ali, Eli), so they also need the same first letter.
    if sounds_alike and (min(len(a), len(b)) > 3 or a[0] == b[0]):
        return _KIND_VALUE[PHONETIC], PHONETIC
    if OSA.distance(a, b) == 1 and min(len(a), len(b)) >= 5:
        # One slip of the keyboard: a letter added, dropped, changed or two swapped. Shorter
        # names are left to Jaro-Winkler, since one letter changes them too much (Sana, Sara).
        return 0.85, SPELLING
    if similarity >= 0.88:
        return _scaled(similarity), SPELLING
    if given_name and min(len(a), len(b)) >= 3 and (a in b or b in a):
        # Short forms are often a piece of the full name (Dami, Oluwadamilare; Femi, Olufemi).
        return _KIND_VALUE[SHORT_FORM], SHORT_FORM
    return 0.0, NONE


def _scaled(similarity: float) -> float:
    """Jaro-Winkler rescaled so names of merely similar shape (Tyrone, Tyrell: 0.84) count for
    little and near-identical ones count for nearly as much as a phonetic match."""
    return max(0.0, round(0.8 * (similarity - 0.8) / 0.2, 3))


def _gendered_pair(a: str, b: str) -> bool:
    """One name ends in "a" where the other ends in "o" or a consonant: the feminine and masculine
    forms of one name in many languages (Daniel, Daniela; Mario, Maria). A final "h" is silent,
    so Zara and Zarah are not such a pair."""
    if a[-1] == b[-1] or "a" not in (a[-1], b[-1]):
        return False
    other = b[-1] if a[-1] == "a" else a[-1]
    return other == "o" or other not in "aeiouyh"


def _compare_names(query: _Name, candidate: _Name, *, given_name: bool) -> _Agreement:
    """Best agreement between two names, allowing either to be part of a compound name."""
    if not query.whole or not candidate.whole:
        return _NO_AGREEMENT
    if query.whole == candidate.whole:
        return _Agreement(1.0, EXACT, query.display, candidate.display)
    best = _NO_AGREEMENT
    q_pieces = [(query.whole, query.display, False)] + [
        (folded, typed, query.is_compound) for folded, typed in query.parts
    ]
    c_pieces = [(candidate.whole, candidate.display, False)] + [
        (folded, typed, candidate.is_compound) for folded, typed in candidate.parts
    ]
    for q_token, q_typed, q_partial in q_pieces:
        for c_token, c_typed, c_partial in c_pieces:
            value, kind = _token_agreement(q_token, c_token, given_name)
            if value == 0.0:
                continue
            compound = ""
            if q_partial or c_partial:
                # Only part of a compound name agrees: good evidence, but not as good as all of it.
                value *= 0.9
                compound = query.display if q_partial else candidate.display
            if value > best.value:
                best = _Agreement(value, kind, q_typed, c_typed, compound)
    return best


def _name_reasons(label: str, agreement: _Agreement) -> list[str]:
    pair = f"({agreement.query}, {agreement.candidate})"
    reasons = []
    if agreement.kind == EXACT:
        if fold(agreement.query) == fold(agreement.candidate) and _differs_in_writing(
            agreement.query, agreement.candidate
        ):
            reasons.append(
                f"Same {label.lower()} apart from accents, punctuation or spacing {pair}"
            )
        elif not agreement.compound:
            reasons.append(f"Same {label.lower()}")
    elif agreement.kind == VARIANT:
        reasons.append(f"{label} is a known variant {pair}")
    elif agreement.kind == PHONETIC:
        reasons.append(f"{label} sounds the same {pair}")
    elif agreement.kind == SPELLING:
        reasons.append(f"{label} is spelled similarly {pair}")
    elif agreement.kind == SHORT_FORM:
        reasons.append(f"{label} could be a short form {pair}")
    elif agreement.kind == INITIAL:
        reasons.append(f"{label} matches an initial {pair}")
    if agreement.compound:
        if label == "Surname":
            reasons.append(f"Surname is part of a double-barrelled name ({agreement.compound})")
        else:
            reasons.append(f"First name is part of a longer name ({agreement.compound})")
    return reasons


def _differs_in_writing(a: str, b: str) -> bool:
    """True when two names fold to the same letters but were typed differently (not just case)."""
    return a.casefold() != b.casefold()


# --- comparing dates of birth ------------------------------------------------------------------


def _govuk_date(value: date) -> str:
    """GOV.UK style, "7 March 2016", as safetymap.core.display.govuk_date writes it (repeated
    here because this module must not import Django)."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def _compare_dates(query: date, candidate: date) -> tuple[float, str]:
    if query == candidate:
        return 1.0, "Same date of birth"
    pair = f"({_govuk_date(query)}, {_govuk_date(candidate)})"
    if (query.year, query.day, query.month) == (candidate.year, candidate.month, candidate.day):
        return 0.9, f"Date of birth with day and month swapped {pair}"
    q_digits, c_digits = query.strftime("%Y%m%d"), candidate.strftime("%Y%m%d")
    if Hamming.distance(q_digits, c_digits) == 1:
        return 0.7, f"Date of birth differs by one digit {pair}"
    if OSA.distance(q_digits, c_digits) == 1:
        return 0.7, f"Date of birth with two digits the wrong way round {pair}"
    if (query.year, query.month) == (candidate.year, candidate.month):
        return 0.4, f"Born in the same month and year {pair}"
    return 0.0, ""


# --- scoring -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Prepared:
    details: PersonDetails
    first: _Name
    last: _Name
    nhs: str
    aliases: tuple[tuple[_Name, _Name], ...] = ()  # a candidate's other names, (first, surname)


def _prepare(details: PersonDetails) -> _Prepared:
    return _Prepared(
        details=details,
        first=_split_name(details.first_name),
        last=_split_name(details.last_name),
        nhs=nhs_digits(details.nhs_number),
        aliases=tuple(
            (_split_name(first), _split_name(last)) for first, last in details.other_names
        ),
    )


def _names_score(
    first: _Name, last: _Name, other_first: _Name, other_last: _Name
) -> tuple[float, list[str]]:
    """How well one first name and surname agree with another pair, and why."""
    last_agreement = _compare_names(last, other_last, given_name=False)
    first_agreement = _compare_names(first, other_first, given_name=True)
    name_score = SURNAME_WEIGHT * last_agreement.value + FIRST_NAME_WEIGHT * first_agreement.value
    reasons = _name_reasons("Surname", last_agreement) + _name_reasons(
        "First name", first_agreement
    )

    # Names typed into the wrong boxes (common where the family name comes first).
    swapped_last = _compare_names(last, other_first, given_name=False)
    swapped_first = _compare_names(first, other_last, given_name=True)
    swapped_score = 0.95 * (
        SURNAME_WEIGHT * swapped_last.value + FIRST_NAME_WEIGHT * swapped_first.value
    )
    if swapped_score > name_score:
        return swapped_score, ["First name and surname appear to be the wrong way round"]
    return name_score, reasons


def _score(query: _Prepared, candidate: _Prepared) -> tuple[float, float, tuple[str, ...]]:
    """(score, score ignoring NHS number for tie-breaks, reasons)."""
    name_score, reasons = _names_score(query.first, query.last, candidate.first, candidate.last)
    # Another name the candidate goes by (known as, former names) may agree better.
    for c_first, c_last in candidate.aliases:
        alias_score, alias_reasons = _names_score(query.first, query.last, c_first, c_last)
        if alias_score > name_score:
            name_score = alias_score
            known_as = f"{c_first.display} {c_last.display}".strip()
            reasons = [f"Also known as {known_as}", *alias_reasons]

    q_dob, c_dob = query.details.date_of_birth, candidate.details.date_of_birth
    if q_dob is None or c_dob is None:
        score = NO_DATE_FACTOR * name_score
    else:
        # A date of birth that disagrees halves the names' evidence rather than wiping it out:
        # dates are mistyped and guessed, but two children rarely share both names and a date.
        date_value, date_reason = _compare_dates(q_dob, c_dob)
        score = name_score * (0.5 + 0.5 * date_value)
        if date_reason:
            reasons.append(date_reason)
    score = min(score, BEST_WITHOUT_NHS)
    tie_break = score

    if query.nhs and candidate.nhs:
        if query.nhs == candidate.nhs:
            score = 1.0
            reasons.insert(0, "Same NHS number")
        else:
            score *= DIFFERENT_NHS_FACTOR
            reasons.append("NHS numbers are different")
    return round(score, 4), tie_break, tuple(reasons)


def likely_matches(
    query: PersonDetails,
    candidates: Iterable[PersonDetails],
    *,
    limit: int = 5,
    threshold: float = MATCH_THRESHOLD,
) -> list[Match]:
    """The candidates most likely to be the person described by ``query``, best first.

    Only candidates scoring at least ``threshold`` are returned, at most ``limit`` of them.
    """
    prepared = _prepare(query)
    scored = []
    for position, candidate in enumerate(candidates):
        score, tie_break, reasons = _score(prepared, _prepare(candidate))
        if score >= threshold:
            scored.append((score, tie_break, -position, Match(candidate, score, reasons)))
    # Position keeps the order stable (and the sort never compares Match objects).
    scored.sort(key=lambda item: item[:3], reverse=True)
    return [match for *_, match in scored[: max(limit, 0)]]


# --- a search box ------------------------------------------------------------------------------


def name_fragment_matches(
    names: Sequence[str],
    date_of_birth: date | None,
    candidates: Iterable[PersonDetails],
    *,
    limit: int = 10,
    threshold: float = MATCH_THRESHOLD,
) -> list[Match]:
    """For a search box, where one name or several may be typed in any order: each typed name is
    compared with every name the candidate has (first name, surname, known-as and former names),
    and the names' score is the mean of each typed name's best agreement. A date of birth, when
    typed, weighs in as it does in ``likely_matches``; a date alone finds those born that day.
    """
    typed = [_split_name(name) for name in names if fold(name)]
    scored = []
    for position, candidate in enumerate(candidates):
        prepared = _prepare(candidate)
        own = [(prepared.first, True, "First name"), (prepared.last, False, "Surname")]
        for first, last in prepared.aliases:
            own += [
                (first, True, "Known-as or former name"),
                (last, False, "Known-as or former name"),
            ]
        name_score, reasons = 1.0, []
        if typed:
            values = []
            for name in typed:
                best, label = _NO_AGREEMENT, ""
                for their_name, given, their_label in own:
                    agreement = _compare_names(name, their_name, given_name=given)
                    if agreement.value > best.value:
                        best, label = agreement, their_label
                values.append(best.value)
                reasons += _name_reasons(label, best) if best.value else []
            name_score = sum(values) / len(values)
        score = name_score
        born = candidate.date_of_birth
        if date_of_birth is not None:
            date_value, date_reason = _compare_dates(date_of_birth, born) if born else (0.0, "")
            score = name_score * (0.5 + 0.5 * date_value) if typed else date_value
            if date_reason:
                reasons.append(date_reason)
        score = round(min(score, BEST_WITHOUT_NHS), 4)
        if score >= threshold:
            scored.append((score, -position, Match(candidate, score, tuple(reasons))))
    scored.sort(key=lambda item: item[:2], reverse=True)
    return [match for *_, match in scored[: max(limit, 0)]]
