"""A small server-rendered SVG line chart for the dashboard, drawn the way mapping/trajectory.py
draws the scaling trajectory: ``role="img"`` with a title and a description in words, lines told
apart by dash pattern and marker as well as colour (WCAG 1.4.1), colours at 3:1 or more against
white (WCAG 1.4.11), no script. The page shows a table with every number under it.

Only numbers and fixed labels are built into the markup; every text is escaped.
"""

from __future__ import annotations

import datetime
import html
from dataclasses import dataclass

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 56


@dataclass(frozen=True)
class Series:
    label: str
    values: list[int]
    colour: str  # at least 3:1 against white
    dash: str  # "" for solid
    marker: str  # circle | square


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'


def line_chart(
    title: str, months: list[datetime.date], series: list[Series], *, chart_id: str
) -> str:
    """Lines over months; returns SVG markup (a str, escaped throughout)."""
    esc = html.escape
    top_value = max([1, *(v for s in series for v in s.values)])
    step = max(1, -(-top_value // 5))
    top_value = step * 5
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_of(i: int) -> float:
        return LEFT + (plot_w * i / max(len(months) - 1, 1))

    def y_of(v: int) -> float:
        return TOP + plot_h - plot_h * v / top_value

    summary = "; ".join(
        f"{s.label}: {s.values[0] if s.values else 0} in {months[0]:%B %Y} rising to "
        f"{s.values[-1] if s.values else 0} by {months[-1]:%B %Y}"
        for s in series
        if months
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'class="sm-chart" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'width="100%">',
        f'<title id="{chart_id}-title">{esc(title)}</title>',
        f'<desc id="{chart_id}-desc">{esc(summary or "No figures yet.")}</desc>',
    ]
    for tick in range(0, top_value + 1, step):
        y = y_of(tick)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#b1b4b6" stroke-width="1"/>'
            f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end" font-size="13" '
            f'fill="#0b0c0c">{tick}</text>'
        )
    label_every = max(1, len(months) // 6)
    for i, month in enumerate(months):
        if i % label_every == 0 or i == len(months) - 1:
            parts.append(
                f'<text x="{x_of(i):.1f}" y="{HEIGHT - BOTTOM + 20}" text-anchor="middle" '
                f'font-size="13" fill="#0b0c0c">{esc(month.strftime("%b %Y"))}</text>'
            )
    for s in series:
        points = [(x_of(i), y_of(v)) for i, v in enumerate(s.values)]
        if not points:
            continue
        path = " ".join(
            f"{'M' if i == 0 else 'L'}{x:.1f} {y:.1f}" for i, (x, y) in enumerate(points)
        )
        dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
        parts.append(f'<path d="{path}" fill="none" stroke="{s.colour}" stroke-width="3"{dash}/>')
        parts.extend(_marker(s.marker, x, y, s.colour) for x, y in points)
    # The key, drawn with each line's own dash and marker.
    for n, s in enumerate(series):
        x = LEFT + n * 220
        y = HEIGHT - 14
        dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
        parts.append(
            f'<line x1="{x}" x2="{x + 36}" y1="{y - 4}" y2="{y - 4}" stroke="{s.colour}" '
            f'stroke-width="3"{dash}/>{_marker(s.marker, x + 18, y - 4, s.colour)}'
            f'<text x="{x + 44}" y="{y}" font-size="14" fill="#0b0c0c">{esc(s.label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
