"""Safety scaling: checking ratings, showing their spread, and escalating low ones (domain.md §2.5).

Each person at a meeting gives a number from 0 to 10 and their reasons. The rules here:

- R23: every rating needs a rater, a value from 0 to 10, both anchors and a reason
  (:func:`rating_problems`). Ratings are summarised per rater group (family, child, safety network,
  professionals) as a range and median (:func:`spread_by_group`), never as one mean across groups,
  because a single number hides disagreement between the family and professionals.
- R23 and §2.5: a deployment fixes one orientation, but some local guides use 0 = safe. Ratings
  with a different orientation are never combined silently: :class:`MixedOrientation` is raised.
  A caller who knows two sets of ratings describe the same scale may convert them with
  :func:`normalise` first.
- R24: a professional rating at or below a configured threshold alerts the chair and team manager
  (:func:`escalations`). Recording the action taken belongs to the caller.

Anchor text may differ between raters (parents are often given their own wording), so only the
orientation, not the anchor text, decides whether ratings can be combined. This module is pure
Python (no Django) so the rules can be unit tested alone.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum

__all__ = [
    "SCALE_MAX",
    "SCALE_MIN",
    "MixedOrientation",
    "Orientation",
    "RaterGroup",
    "Rating",
    "Spread",
    "escalations",
    "normalise",
    "rating_problems",
    "safety_points",
    "spread_by_group",
]

SCALE_MIN = 0
SCALE_MAX = 10


class RaterGroup(StrEnum):
    """Who gave a rating, grouped the way the spread is shown (family apart from professionals)."""

    FAMILY = "FAMILY"
    CHILD = "CHILD"
    NETWORK = "NETWORK"
    PROFESSIONAL = "PROFESSIONAL"

    @property
    def label(self) -> str:
        return _GROUP_LABELS[self]


_GROUP_LABELS: dict[RaterGroup, str] = {
    RaterGroup.FAMILY: "Family",
    RaterGroup.CHILD: "Child",
    RaterGroup.NETWORK: "Safety network",
    RaterGroup.PROFESSIONAL: "Professionals",
}


class Orientation(StrEnum):
    """Which end of the scale means safe. A deployment chooses one; 10 is safe by default."""

    TEN_IS_SAFE = "TEN_IS_SAFE"
    ZERO_IS_SAFE = "ZERO_IS_SAFE"

    @property
    def label(self) -> str:
        return "10 means safe" if self is Orientation.TEN_IS_SAFE else "0 means safe"

    @property
    def opposite(self) -> Orientation:
        if self is Orientation.TEN_IS_SAFE:
            return Orientation.ZERO_IS_SAFE
        return Orientation.TEN_IS_SAFE


@dataclass(frozen=True)
class Rating:
    """One person's number on one scale, with the anchors they were shown (§4.3 ScaleRating).

    ``danger_statement`` is the danger statement's number, or None for the overall safety scale.
    Construction does not validate, so that a form can build a Rating and list every problem at
    once with :func:`rating_problems`.
    """

    value: int
    group: RaterGroup
    rater: str
    orientation: Orientation
    anchor_0: str
    anchor_10: str
    reason: str
    danger_statement: int | None = None
    one_point_higher: str = ""


def rating_problems(rating: Rating) -> list[str]:
    """R23: what is missing or wrong with a rating, in plain English. Empty if it can be saved."""
    problems: list[str] = []
    if not rating.rater.strip():
        problems.append("Enter who gave this rating")
    if not _on_scale(rating.value):
        problems.append(f"The rating must be a whole number from {SCALE_MIN} to {SCALE_MAX}")
    # An anchor of only punctuation (a "…" placeholder) tells the rater nothing about the scale.
    if not _has_words(rating.anchor_0):
        problems.append("Enter what 0 means on this scale")
    if not _has_words(rating.anchor_10):
        problems.append("Enter what 10 means on this scale")
    if not rating.reason.strip():
        problems.append("Enter the reason for this rating")
    return problems


def _on_scale(value: object) -> bool:
    # bool is an int in Python; True must not pass as the number 1.
    return (
        isinstance(value, int) and not isinstance(value, bool) and SCALE_MIN <= value <= SCALE_MAX
    )


def _has_words(text: str) -> bool:
    return any(character.isalnum() for character in text)


class MixedOrientation(ValueError):
    """Raised when ratings with a different orientation would be combined (R23)."""

    def __init__(self, expected: Orientation, others: int) -> None:
        self.expected = expected
        self.others = others
        rating_word = "rating uses" if others == 1 else "ratings use"
        super().__init__(
            f"{others} {rating_word} a scale where {expected.opposite.label}, but this scale "
            f"{expected.label}. Ratings on scales that run in different directions cannot be "
            "combined. Show them separately, or convert them with normalise() if they really "
            "describe the same scale."
        )


def _require_orientation(ratings: Iterable[Rating], orientation: Orientation) -> list[Rating]:
    ratings = list(ratings)
    others = sum(1 for rating in ratings if rating.orientation != orientation)
    if others:
        raise MixedOrientation(orientation, others)
    return ratings


def normalise(rating: Rating, to: Orientation = Orientation.TEN_IS_SAFE) -> Rating:
    """Explicitly convert a rating to the ``to`` orientation (10 is safe unless told otherwise).

    The value becomes ``10 - value`` and the two anchors swap places, so the rating means the same
    thing on the turned-round scale. A rating already in ``to`` is returned unchanged, so calling
    this twice is harmless. Nothing calls it automatically: combining scales is a judgement the
    caller makes, and pages should still show the number the person actually gave. The reason and
    "one point higher" text are the rater's own words and are kept as they are.
    """
    if rating.orientation == to:
        return rating
    # Turning round a value outside the scale would hide the error rather than report it.
    if not _on_scale(rating.value):
        raise ValueError(f"Cannot convert a rating of {rating.value!r}: it is not on the scale")
    return replace(
        rating,
        value=SCALE_MAX - rating.value,
        orientation=to,
        anchor_0=rating.anchor_10,
        anchor_10=rating.anchor_0,
    )


def safety_points(value: int, orientation: Orientation) -> int:
    """How far a value is from the dangerous end of the scale: 0 is most dangerous, 10 safest."""
    return value if orientation is Orientation.TEN_IS_SAFE else SCALE_MAX - value


@dataclass(frozen=True)
class Spread:
    """How one rater group scored: shown as a range and median, never folded into one mean."""

    count: int
    minimum: int
    median: float
    maximum: int
    values: tuple[int, ...]  # sorted, lowest first


def spread_by_group(
    ratings: Iterable[Rating], orientation: Orientation
) -> dict[RaterGroup, Spread]:
    """R23: the spread of ratings per rater group, in RaterGroup order; empty groups are left out.

    Pass the ratings for one scale (the overall scale or one danger statement). Raises
    :class:`MixedOrientation` if any rating's orientation is not ``orientation``.
    """
    checked = _require_orientation(ratings, orientation)
    spreads: dict[RaterGroup, Spread] = {}
    for group in RaterGroup:
        values = tuple(sorted(r.value for r in checked if r.group == group))
        if values:
            spreads[group] = Spread(
                count=len(values),
                minimum=values[0],
                median=float(statistics.median(values)),
                maximum=values[-1],
                values=values,
            )
    return spreads


def escalations(
    ratings: Iterable[Rating], *, threshold: int, orientation: Orientation
) -> list[Rating]:
    """R24: professional ratings low enough to alert the chair and team manager, in input order.

    ``threshold`` counts from the dangerous end, as the rubric is written: with threshold 2, a
    professional rating of 0, 1 or 2 escalates when 10 is safe, and 8, 9 or 10 when 0 is safe.
    Raises :class:`MixedOrientation` rather than guess how to read a rating on the other scale.
    """
    if not SCALE_MIN <= threshold <= SCALE_MAX:
        raise ValueError(f"The threshold must be from {SCALE_MIN} to {SCALE_MAX}, not {threshold}")
    checked = _require_orientation(ratings, orientation)
    return [
        rating
        for rating in checked
        if rating.group == RaterGroup.PROFESSIONAL
        and safety_points(rating.value, orientation) <= threshold
    ]
