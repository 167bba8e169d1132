"""The stacked bar chart: accessible markup, every number in words, text escaped."""

from __future__ import annotations

import re

import pytest

from safetymap.feedback.charts import Bar, describe, stacked_bars_svg

ANSWERS = ["Yes", "A bit", "No"]


def test_the_chart_is_an_image_with_a_title_and_every_number_in_its_description():
    svg = stacked_bars_svg(
        [Bar("All answers", (3, 1, 0)), Bar("July to September 2026", (0, 0, 0))],
        answers=ANSWERS,
        title="Did you know about the meeting?",
        chart_id="chart-child-1",
    )
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert 'aria-labelledby="chart-child-1-title chart-child-1-desc"' in svg
    assert "All answers (4 answers): Yes 3, A bit 1, No 0." in svg
    assert "July to September 2026: no answers." in svg
    assert svg.count("<rect") == 2 + 3  # two segments, three legend swatches
    assert re.search(r">3</text>", svg)  # counts are written on the bars, not colour alone


def test_text_is_escaped():
    svg = stacked_bars_svg(
        [Bar("<b>", (1, 0, 0))], answers=ANSWERS, title='<script>"', chart_id="c1"
    )
    assert "<script>" not in svg and "&lt;script&gt;&quot;" in svg and "&lt;b&gt;" in svg


@pytest.mark.parametrize(
    ("bars", "answers", "chart_id"),
    [
        ([Bar("x", (1, 2))], ANSWERS, "c1"),
        ([Bar("x", (1, -2, 0))], ANSWERS, "c1"),
        ([Bar("x", (1, 2, 0))], ["a", "b"], "c1"),
        ([Bar("x", (1, 2, 0))], ANSWERS, "1 bad id"),
    ],
)
def test_bad_input_is_refused(bars, answers, chart_id):
    with pytest.raises(ValueError):
        stacked_bars_svg(bars, answers=answers, title="t", chart_id=chart_id)


def test_describe_names_each_answer():
    assert describe([Bar("Q", (1, 2, 3))], ANSWERS) == "Q (6 answers): Yes 1, A bit 2, No 3."
