"""The scaling trajectory: a server-rendered SVG line chart and its table alternative (issue 4).

One line per rater group shows that group's median rating at each meeting date. The chart is an
image to assistive technology (``role="img"``) with a ``<title>`` and a ``<desc>`` that says in
words how each group moved ("Family: from 3 on 2 March 2026 to 6 on 1 June 2026, up 3."). The
table from :func:`trajectory_table` is shown under the chart for anyone who wants every number.

Groups are told apart by dash pattern and point marker as well as colour (WCAG 1.4.1), and every
colour has at least 3:1 contrast against white (WCAG 1.4.11). There is no JavaScript.

Safety of the markup: only numbers, dates and the fixed group labels are built into the SVG. The
caller's title, and every other piece of text, is escaped before it is written, so the string
returned can be marked safe by the caller after review. It is returned as a plain ``str`` on
purpose: this module does not import Django, so that the chart can be unit tested alone.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from safetymap.mapping.scaling import (
    SCALE_MAX,
    SCALE_MIN,
    Orientation,
    RaterGroup,
    Rating,
    spread_by_group,
)

__all__ = [
    "GROUP_STYLES",
    "LineStyle",
    "TrajectoryPoint",
    "long_date",
    "trajectory_points",
    "trajectory_svg",
    "trajectory_table",
]

_MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)
_SVG_NS = "http://www.w3.org/2000/svg"
_SAFE_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*\Z")


class TrajectoryPoint(NamedTuple):
    """A rater group's median rating on one date, from ``count`` ratings."""

    on: date
    group: RaterGroup
    median: float
    count: int


@dataclass(frozen=True)
class LineStyle:
    colour: str  # at least 3:1 against white
    dash: str  # SVG stroke-dasharray; "" is a solid line
    marker: str  # circle | square | triangle | diamond


# GOV.UK Design System colours; contrast against white: blue 5.2:1, red 4.5:1, green 5.9:1,
# purple 10.6:1. Dash and marker differ too, so no group relies on colour alone.
GROUP_STYLES: dict[RaterGroup, LineStyle] = {
    RaterGroup.FAMILY: LineStyle(colour="#1d70b8", dash="", marker="circle"),
    RaterGroup.CHILD: LineStyle(colour="#d4351c", dash="9 5", marker="square"),
    RaterGroup.NETWORK: LineStyle(colour="#00703c", dash="2 4", marker="triangle"),
    RaterGroup.PROFESSIONAL: LineStyle(colour="#4c2c92", dash="12 4 2 4", marker="diamond"),
}

_TEXT_COLOUR = "#0b0c0c"
_GRID_COLOUR = "#b1b4b6"
_MARGIN_LEFT = 44
_MARGIN_RIGHT = 28  # half of the longest date label sits right of the last point
_MARGIN_TOP = 14
_AXIS_TEXT_HEIGHT = 48  # below the plot: date labels and the axis caption
_LEGEND_ROW_HEIGHT = 20
_LEGEND_ENTRY_WIDTH = 150  # fits "Safety network" with its line sample
_MARKER_SIZE = 5
_MIN_Y_LABEL_GAP = 15  # pixels between 0 to 10 labels at font size 12
_MIN_LABEL_GAP = 84  # pixels between date labels, so "28 Sep 2026" labels never overlap


def long_date(day: date) -> str:
    """GOV.UK style, "2 March 2026", without depending on the server's locale."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _short_date(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1][:3]} {day.year}"


def _number(value: float) -> str:
    """4.0 is shown as "4" and 4.5 as "4.5": medians of an even count can end in .5."""
    return f"{value:g}"


def _coordinate(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def trajectory_points(
    dated_ratings: Iterable[tuple[date, Rating]], *, orientation: Orientation
) -> list[TrajectoryPoint]:
    """Medians per date and rater group, ready to chart. Pass the ratings for one scale.

    Raises :class:`~safetymap.mapping.scaling.MixedOrientation` if any rating's orientation is not
    ``orientation`` (R23): a line mixing the two would move for no real reason.
    """
    by_date: dict[date, list[Rating]] = {}
    for on, rating in dated_ratings:
        by_date.setdefault(on, []).append(rating)
    points: list[TrajectoryPoint] = []
    for on in sorted(by_date):
        for group, spread in spread_by_group(by_date[on], orientation).items():
            points.append(TrajectoryPoint(on, group, spread.median, spread.count))
    return points


def _by_group(points: Iterable[TrajectoryPoint]) -> dict[RaterGroup, list[TrajectoryPoint]]:
    """Points per group in RaterGroup order, each sorted by date; checks the chart can be drawn."""
    grouped: dict[RaterGroup, dict[date, TrajectoryPoint]] = {}
    for point in points:
        if not SCALE_MIN <= point.median <= SCALE_MAX:
            raise ValueError(f"A median of {point.median} is not on the 0 to 10 scale")
        dates = grouped.setdefault(RaterGroup(point.group), {})
        # Two medians for one group on one date would draw a vertical jump that never happened.
        if point.on in dates:
            raise ValueError(
                f"{point.group.label} has more than one median on {long_date(point.on)}"
            )
        dates[point.on] = point
    return {
        group: [grouped[group][on] for on in sorted(grouped[group])]
        for group in RaterGroup
        if group in grouped
    }


def _description(lines: dict[RaterGroup, list[TrajectoryPoint]], orientation: Orientation) -> str:
    sentences = [f"Scale from 0 to 10, where {orientation.label}."]
    for group, series in lines.items():
        first, last = series[0], series[-1]
        if len(series) == 1:
            sentences.append(
                f"{group.label}: {_number(first.median)} on {long_date(first.on)} only."
            )
            continue
        change = last.median - first.median
        movement = (
            "no change"
            if change == 0
            else f"{'up' if change > 0 else 'down'} {_number(abs(change))}"
        )
        sentences.append(
            f"{group.label}: from {_number(first.median)} on {long_date(first.on)} "
            f"to {_number(last.median)} on {long_date(last.on)}, {movement}."
        )
    sentences.append("The table below the chart gives every rating.")
    return " ".join(sentences)


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    size = _MARKER_SIZE
    fill = f'fill="{colour}"'
    if shape == "circle":
        return f'<circle cx="{_coordinate(x)}" cy="{_coordinate(y)}" r="{size}" {fill}/>'
    if shape == "square":
        return (
            f'<rect x="{_coordinate(x - size)}" y="{_coordinate(y - size)}" '
            f'width="{2 * size}" height="{2 * size}" {fill}/>'
        )
    if shape == "triangle":
        corners = [(x, y - size - 1), (x + size + 1, y + size), (x - size - 1, y + size)]
    else:  # diamond
        corners = [(x, y - size - 1), (x + size + 1, y), (x, y + size + 1), (x - size - 1, y)]
    joined = " ".join(f"{_coordinate(cx)},{_coordinate(cy)}" for cx, cy in corners)
    return f'<polygon points="{joined}" {fill}/>'


def _date_labels(dates: list[date], x_of: dict[date, float]) -> list[date]:
    """Which dates get a label on the axis: as many as fit, always the first and the last."""
    if not dates:
        return []
    chosen = [dates[0]]
    for day in dates[1:]:
        if x_of[day] - x_of[chosen[-1]] >= _MIN_LABEL_GAP:
            chosen.append(day)
    last = dates[-1]
    if chosen[-1] != last:
        # The latest meeting matters most; drop the label it would collide with instead.
        if x_of[last] - x_of[chosen[-1]] < _MIN_LABEL_GAP:
            chosen.pop()
        chosen.append(last)
    return chosen


def trajectory_svg(
    points: list[TrajectoryPoint],
    *,
    title: str,
    width: int = 640,
    height: int = 320,
    orientation: Orientation = Orientation.TEN_IS_SAFE,
    chart_id: str = "trajectory",
) -> str:
    """An accessible SVG line chart of scaling over time, one line per rater group.

    ``chart_id`` prefixes the ids used by ``aria-labelledby``; give each chart on a page its own.
    ``orientation`` only changes the words describing the scale: the numbers are drawn as given.
    """
    if not _SAFE_ID.match(chart_id):
        raise ValueError("chart_id must be a letter followed by letters, digits, - or _")
    if width < 240 or height < 240:
        raise ValueError("The chart needs at least 240 by 240 pixels to be readable")

    lines = _by_group(points)
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    description = _description(lines, orientation) if lines else "No ratings yet."
    parts = [
        f'<svg xmlns="{_SVG_NS}" role="img" aria-labelledby="{title_id} {desc_id}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'class="app-trajectory" font-family="inherit" font-size="12" fill="{_TEXT_COLOUR}">',
        f'<title id="{title_id}">{_esc(title)}</title>',
        f'<desc id="{desc_id}">{_esc(description)}</desc>',
    ]
    if not lines:
        parts.append(
            f'<text x="{width // 2}" y="{height // 2}" text-anchor="middle" font-size="16">'
            "No ratings yet</text>"
        )
        parts.append("</svg>")
        return "\n".join(parts)

    left, right = _MARGIN_LEFT, width - _MARGIN_RIGHT
    # The legend wraps onto more rows when the chart is narrow, and the plot shrinks to make room.
    per_row = max(1, min(len(lines), (width - 24) // _LEGEND_ENTRY_WIDTH))
    legend_rows = -(-len(lines) // per_row)
    top = _MARGIN_TOP
    bottom = height - _AXIS_TEXT_HEIGHT - legend_rows * _LEGEND_ROW_HEIGHT

    def y_of(value: float) -> float:
        return bottom - (value - SCALE_MIN) / (SCALE_MAX - SCALE_MIN) * (bottom - top)

    # x is proportional to time, so a long gap between meetings looks long.
    dates = sorted({point.on for series in lines.values() for point in series})
    span = (dates[-1] - dates[0]).days
    inner_left, inner_right = left + 16, right - 16
    x_of = {
        day: (
            (inner_left + inner_right) / 2
            if span == 0
            else inner_left + (day - dates[0]).days / span * (inner_right - inner_left)
        )
        for day in dates
    }

    # Axes and grid: a line and a label for every whole number, 0 to 10.
    step = (bottom - top) / (SCALE_MAX - SCALE_MIN)
    parts.append('<g class="app-trajectory__axis">')
    for value in range(SCALE_MIN, SCALE_MAX + 1):
        y = _coordinate(y_of(value))
        parts.append(
            f'<line x1="{left}" y1="{y}" x2="{right}" y2="{y}" stroke="{_GRID_COLOUR}" '
            'stroke-width="1"/>'
        )
        # On a short chart every other number is labelled so that labels never overlap.
        if step >= _MIN_Y_LABEL_GAP or value % 2 == 0:
            parts.append(
                f'<text x="{left - 8}" y="{y}" text-anchor="end" dy="0.35em">{value}</text>'
            )
    parts.append(
        f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="{_TEXT_COLOUR}"/>'
    )
    for day in _date_labels(dates, x_of):
        x = _coordinate(x_of[day])
        parts.append(
            f'<line x1="{x}" y1="{bottom}" x2="{x}" y2="{bottom + 5}" stroke="{_TEXT_COLOUR}"/>'
        )
        parts.append(
            f'<text x="{x}" y="{bottom + 18}" text-anchor="middle">{_esc(_short_date(day))}</text>'
        )
    parts.append(
        f'<text x="{left}" y="{bottom + 36}">'
        f"{_esc(f'Meeting date. Scale 0 to 10, {orientation.label}.')}</text>"
    )
    parts.append("</g>")

    # One path per group, then its markers, so a marker is never hidden under another line.
    for group, series in lines.items():
        style = GROUP_STYLES[group]
        coordinates = [(x_of[point.on], y_of(point.median)) for point in series]
        path = " ".join(
            f"{'M' if index == 0 else 'L'}{_coordinate(x)} {_coordinate(y)}"
            for index, (x, y) in enumerate(coordinates)
        )
        dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
        parts.append(f'<g class="app-trajectory__series" data-group="{group.value}">')
        parts.append(
            f'<path d="{path}" fill="none" stroke="{style.colour}" stroke-width="3"{dash} '
            'stroke-linejoin="round"/>'
        )
        parts.extend(_marker(style.marker, x, y, style.colour) for x, y in coordinates)
        parts.append("</g>")

    # Legend: each entry repeats the line's dash, marker and colour, then the group's name.
    parts.append('<g class="app-trajectory__legend">')
    slot = (width - 24) / per_row
    for index, group in enumerate(lines):
        style = GROUP_STYLES[group]
        row, column = divmod(index, per_row)
        x = 12 + column * slot
        legend_y = bottom + _AXIS_TEXT_HEIGHT + row * _LEGEND_ROW_HEIGHT + 6
        dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
        parts.append(
            f'<line x1="{_coordinate(x)}" y1="{legend_y}" x2="{_coordinate(x + 36)}" '
            f'y2="{legend_y}" stroke="{style.colour}" stroke-width="3"{dash}/>'
        )
        parts.append(_marker(style.marker, x + 18, legend_y, style.colour))
        parts.append(
            f'<text x="{_coordinate(x + 44)}" y="{legend_y}" dy="0.35em">{_esc(group.label)}</text>'
        )
    parts.append("</g>")
    parts.append("</svg>")
    return "\n".join(parts)


def trajectory_table(points: Iterable[TrajectoryPoint]) -> list[dict[str, Any]]:
    """Rows for the table under the chart, earliest first.

    Each row is ``{"date": date, <group>: median or None, ...}`` with one key per group that has
    any rating (keys are :class:`RaterGroup` members, which equal their names as strings, so a
    template can write ``row.FAMILY``). None means that group did not rate on that date.
    """
    lines = _by_group(points)
    dates = sorted({point.on for series in lines.values() for point in series})
    medians = {(point.on, group): point.median for group, s in lines.items() for point in s}
    return [{"date": on, **{group: medians.get((on, group)) for group in lines}} for on in dates]
