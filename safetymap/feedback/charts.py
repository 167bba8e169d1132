"""Server-rendered, accessible SVG charts for the feedback results (no JavaScript, no Django).

One chart per question: a 100% stacked bar for each period (all answers, then each quarter),
split by answer, most positive on the left. Like safetymap/mapping/trajectory.py the chart is an
image to assistive technology (``role="img"``) with a ``<title>`` and a ``<desc>`` that gives
every number in words, and the page shows a table with the same numbers under it. Each segment
wide enough shows its count, so colour is never the only way to tell answers apart (WCAG 1.4.1),
and the legend lists the answers in the order the segments are drawn.

Only numbers and escaped text are written into the markup, so the string returned can be marked
safe by the caller.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

_SVG_NS = "http://www.w3.org/2000/svg"
_SAFE_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*\Z")
_TEXT = "#0b0c0c"
_WHITE = "#ffffff"

# (fill, text colour on it): text contrast at least 4.5:1 on every fill. Most positive first.
PALETTES: dict[int, tuple[tuple[str, str], ...]] = {
    5: (
        ("#00703c", _WHITE),  # GOV.UK green, white text 6.2:1
        ("#cce2d8", _TEXT),  # light green
        ("#b1b4b6", _TEXT),  # mid grey
        ("#f4cdc6", _TEXT),  # light red
        ("#aa2a16", _WHITE),  # dark red, white text 6.9:1
    ),
    3: (("#00703c", _WHITE), ("#b1b4b6", _TEXT), ("#aa2a16", _WHITE)),
}

_LABEL_WIDTH = 170
_ROW_HEIGHT = 34
_BAR_HEIGHT = 24
_LEGEND_ROW = 22
_LEGEND_ENTRY = 200
_MIN_SEGMENT_FOR_NUMBER = 22


@dataclass(frozen=True)
class Bar:
    label: str  # "All answers", "July to September 2026"
    counts: tuple[int, ...]  # one per answer, in the order of the answers

    @property
    def total(self) -> int:
        return sum(self.counts)


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _num(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def describe(bars: list[Bar], answers: list[str]) -> str:
    """Every number in words, for the chart's description."""
    sentences = []
    for bar in bars:
        if not bar.total:
            sentences.append(f"{bar.label}: no answers.")
            continue
        parts = ", ".join(
            f"{answer} {count}" for answer, count in zip(answers, bar.counts, strict=True)
        )
        sentences.append(f"{bar.label} ({bar.total} answers): {parts}.")
    return " ".join(sentences)


def stacked_bars_svg(
    bars: list[Bar], *, answers: list[str], title: str, chart_id: str, width: int = 640
) -> str:
    if not _SAFE_ID.match(chart_id):
        raise ValueError("chart_id must be a letter followed by letters, digits, - or _")
    if len(answers) not in PALETTES:
        raise ValueError(f"No palette for {len(answers)} answers")
    for bar in bars:
        if len(bar.counts) != len(answers) or any(count < 0 for count in bar.counts):
            raise ValueError("Each bar needs one count of 0 or more per answer")
    palette = PALETTES[len(answers)]
    per_row = max(1, (width - 20) // _LEGEND_ENTRY)
    legend_rows = -(-len(answers) // per_row)
    plot_height = len(bars) * _ROW_HEIGHT
    height = plot_height + 16 + legend_rows * _LEGEND_ROW + 8
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    parts = [
        f'<svg xmlns="{_SVG_NS}" role="img" aria-labelledby="{title_id} {desc_id}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'class="app-feedback-chart" font-family="arial, sans-serif" font-size="14" '
        f'fill="{_TEXT}">',
        f'<title id="{title_id}">{_esc(title)}</title>',
        f'<desc id="{desc_id}">{_esc(describe(bars, answers))}</desc>',
    ]
    left, right = _LABEL_WIDTH, width - 10
    span = right - left
    for row, bar in enumerate(bars):
        top = row * _ROW_HEIGHT + 4
        middle = top + _BAR_HEIGHT / 2
        parts.append(
            f'<text x="{left - 8}" y="{_num(middle)}" dy="0.35em" text-anchor="end">'
            f"{_esc(bar.label)}</text>"
        )
        if not bar.total:
            parts.append(f'<text x="{left}" y="{_num(middle)}" dy="0.35em">No answers</text>')
            continue
        x = float(left)
        for count, (fill, ink) in zip(bar.counts, palette, strict=True):
            if not count:
                continue
            segment = count / bar.total * span
            parts.append(
                f'<rect x="{_num(x)}" y="{top}" width="{_num(segment)}" height="{_BAR_HEIGHT}" '
                f'fill="{fill}" stroke="{_WHITE}" stroke-width="1"/>'
            )
            if segment >= _MIN_SEGMENT_FOR_NUMBER:
                parts.append(
                    f'<text x="{_num(x + segment / 2)}" y="{_num(middle)}" dy="0.35em" '
                    f'text-anchor="middle" fill="{ink}">{count}</text>'
                )
            x += segment
    slot = (width - 20) / per_row
    for index, answer in enumerate(answers):
        row, column = divmod(index, per_row)
        x = 10 + column * slot
        y = plot_height + 16 + row * _LEGEND_ROW
        fill, _ink = palette[index]
        parts.append(
            f'<rect x="{_num(x)}" y="{y - 7}" width="14" height="14" fill="{fill}" '
            f'stroke="{_TEXT}" stroke-width="1"/>'
        )
        parts.append(f'<text x="{_num(x + 20)}" y="{y}" dy="0.35em">{_esc(answer)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)
