"""The scaling trajectory chart: accessible SVG, escaped text, and the table alternative."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pytest

from safetymap.mapping.scaling import MixedOrientation, Orientation, RaterGroup, Rating
from safetymap.mapping.trajectory import (
    GROUP_STYLES,
    TrajectoryPoint,
    long_date,
    trajectory_points,
    trajectory_svg,
    trajectory_table,
)

SVG = "{http://www.w3.org/2000/svg}"
ICPC, CORE_GROUP, RCPC = date(2026, 3, 2), date(2026, 4, 14), date(2026, 6, 1)

POINTS = [
    TrajectoryPoint(ICPC, RaterGroup.FAMILY, 3, 2),
    TrajectoryPoint(CORE_GROUP, RaterGroup.FAMILY, 4.5, 2),
    TrajectoryPoint(RCPC, RaterGroup.FAMILY, 6, 2),
    TrajectoryPoint(ICPC, RaterGroup.PROFESSIONAL, 2, 4),
    TrajectoryPoint(RCPC, RaterGroup.PROFESSIONAL, 4, 3),
    TrajectoryPoint(RCPC, RaterGroup.CHILD, 5, 1),
]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, parsed to check it is well formed


def series(root: ET.Element) -> dict[str, ET.Element]:
    return {g.get("data-group"): g for g in root.iter(f"{SVG}g") if g.get("data-group")}


def contrast_with_white(colour: str) -> float:
    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 1.05 / (luminance + 0.05)


def test_long_dates_are_written_the_gov_uk_way() -> None:
    assert long_date(date(2026, 3, 2)) == "2 March 2026"


def test_the_chart_parses_as_svg_with_role_title_and_description() -> None:
    root = parse(trajectory_svg(POINTS, title="Safety scale for A"))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text == "Safety scale for A"
    assert desc is not None
    # aria-labelledby points at the title and the description, so both are read out.
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"


def test_the_description_says_how_each_group_moved_in_words() -> None:
    desc = parse(trajectory_svg(POINTS, title="t")).find(f"{SVG}desc")
    assert desc is not None and desc.text is not None
    assert "Scale from 0 to 10, where 10 means safe." in desc.text
    assert "Family: from 3 on 2 March 2026 to 6 on 1 June 2026, up 3." in desc.text
    assert "Professionals: from 2 on 2 March 2026 to 4 on 1 June 2026, up 2." in desc.text
    assert "Child: 5 on 1 June 2026 only." in desc.text


def test_the_description_says_when_a_group_moved_down_or_not_at_all() -> None:
    points = [
        TrajectoryPoint(ICPC, RaterGroup.NETWORK, 7, 3),
        TrajectoryPoint(RCPC, RaterGroup.NETWORK, 5.5, 3),
        TrajectoryPoint(ICPC, RaterGroup.FAMILY, 4, 1),
        TrajectoryPoint(RCPC, RaterGroup.FAMILY, 4, 1),
    ]
    desc = parse(trajectory_svg(points, title="t")).find(f"{SVG}desc")
    assert desc is not None and desc.text is not None
    assert "Safety network: from 7 on 2 March 2026 to 5.5 on 1 June 2026, down 1.5." in desc.text
    assert "Family: from 4 on 2 March 2026 to 4 on 1 June 2026, no change." in desc.text


def test_the_description_names_a_zero_is_safe_scale() -> None:
    svg = trajectory_svg(POINTS, title="t", orientation=Orientation.ZERO_IS_SAFE)
    assert "where 0 means safe" in svg


def test_there_is_one_path_per_rater_group() -> None:
    root = parse(trajectory_svg(POINTS, title="t"))
    assert len(list(root.iter(f"{SVG}path"))) == 3
    groups = series(root)
    assert list(groups) == ["FAMILY", "CHILD", "PROFESSIONAL"]
    for group in groups.values():
        assert len(group.findall(f"{SVG}path")) == 1


def test_each_date_has_a_point_marker_of_the_groups_shape() -> None:
    groups = series(parse(trajectory_svg(POINTS, title="t")))
    assert len(groups["FAMILY"].findall(f"{SVG}circle")) == 3
    assert len(groups["CHILD"].findall(f"{SVG}rect")) == 1
    assert len(groups["PROFESSIONAL"].findall(f"{SVG}polygon")) == 2


def test_groups_differ_by_dash_and_marker_not_colour_alone() -> None:
    styles = list(GROUP_STYLES.values())
    assert len({style.dash for style in styles}) == len(RaterGroup)
    assert len({style.marker for style in styles}) == len(RaterGroup)
    groups = series(parse(trajectory_svg(POINTS, title="t")))
    dashes = {name: g.find(f"{SVG}path").get("stroke-dasharray") for name, g in groups.items()}
    assert dashes == {"FAMILY": None, "CHILD": "9 5", "PROFESSIONAL": "12 4 2 4"}


@pytest.mark.parametrize("group", list(RaterGroup))
def test_every_line_colour_has_at_least_3_to_1_contrast_with_white(group: RaterGroup) -> None:
    assert contrast_with_white(GROUP_STYLES[group].colour) >= 3


def test_the_y_axis_is_labelled_0_to_10_and_the_x_axis_with_dates() -> None:
    texts = [t.text for t in parse(trajectory_svg(POINTS, title="t")).iter(f"{SVG}text")]
    assert [str(n) for n in range(11)] == [t for t in texts if t and t.isdigit()]
    assert {"2 Mar 2026", "14 Apr 2026", "1 Jun 2026"} <= set(texts)


def test_the_legend_names_each_group_shown() -> None:
    root = parse(trajectory_svg(POINTS, title="t"))
    legend = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "app-trajectory__legend")
    assert [t.text for t in legend.iter(f"{SVG}text")] == ["Family", "Child", "Professionals"]
    assert len(legend.findall(f"{SVG}line")) == 3


def test_the_legend_wraps_on_a_narrow_chart() -> None:
    points = [TrajectoryPoint(ICPC, group, 5, 1) for group in RaterGroup]
    root = parse(trajectory_svg(points, title="t", width=400))
    legend = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "app-trajectory__legend")
    rows = {t.get("y") for t in legend.iter(f"{SVG}text")}
    assert len(rows) == 2


def test_a_short_chart_labels_every_other_number_so_labels_do_not_overlap() -> None:
    points = [TrajectoryPoint(ICPC, group, 5, 1) for group in RaterGroup]
    root = parse(trajectory_svg(points, title="t", width=240, height=240))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert [t for t in texts if t and t.isdigit()] == ["0", "2", "4", "6", "8", "10"]


def test_the_title_is_escaped() -> None:
    svg = trajectory_svg(POINTS, title='<script>alert("x")</script> & more')
    assert "<script>" not in svg
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more" in svg
    title = parse(svg).find(f"{SVG}title")
    assert title is not None and title.text == '<script>alert("x")</script> & more'


def test_the_chart_has_no_javascript() -> None:
    root = parse(trajectory_svg(POINTS, title="t"))
    assert not list(root.iter(f"{SVG}script"))
    for element in root.iter():
        assert not [name for name in element.attrib if name.lower().startswith("on")]


def test_no_points_gives_a_chart_saying_no_ratings_yet() -> None:
    root = parse(trajectory_svg([], title="Safety scale for B"))
    assert root.get("role") == "img"
    desc = root.find(f"{SVG}desc")
    assert desc is not None and desc.text == "No ratings yet."
    assert [t.text for t in root.iter(f"{SVG}text")] == ["No ratings yet"]
    assert not list(root.iter(f"{SVG}path"))


def test_a_single_date_draws_a_point_in_the_middle() -> None:
    root = parse(trajectory_svg([TrajectoryPoint(ICPC, RaterGroup.FAMILY, 5, 1)], title="t"))
    (circle,) = series(root)["FAMILY"].findall(f"{SVG}circle")
    # The plot sits right of the 0 to 10 labels, so its middle is a little right of 320.
    assert 320 <= float(circle.get("cx")) <= 340


def test_higher_medians_are_drawn_higher_up() -> None:
    (low, high) = [TrajectoryPoint(d, RaterGroup.FAMILY, v, 1) for d, v in ((ICPC, 1), (RCPC, 9))]
    circles = series(parse(trajectory_svg([high, low], title="t")))["FAMILY"].findall(
        f"{SVG}circle"
    )
    assert float(circles[0].get("cy")) > float(circles[1].get("cy"))
    assert float(circles[0].get("cx")) < float(circles[1].get("cx"))


def test_close_dates_do_not_get_overlapping_labels() -> None:
    days = [date(2026, 3, 2), date(2026, 3, 4), date(2026, 3, 6), date(2026, 9, 1)]
    points = [TrajectoryPoint(d, RaterGroup.FAMILY, 5, 1) for d in days]
    texts = {t.text for t in parse(trajectory_svg(points, title="t")).iter(f"{SVG}text")}
    assert "2 Mar 2026" in texts and "1 Sep 2026" in texts
    assert "4 Mar 2026" not in texts


def test_chart_ids_can_be_made_unique_on_a_page_but_not_injected() -> None:
    root = parse(trajectory_svg(POINTS, title="t", chart_id="child-a-scale"))
    assert root.get("aria-labelledby") == "child-a-scale-title child-a-scale-desc"
    with pytest.raises(ValueError, match="chart_id"):
        trajectory_svg(POINTS, title="t", chart_id='x" onload="alert(1)')


def test_a_median_off_the_scale_is_refused() -> None:
    with pytest.raises(ValueError, match="not on the 0 to 10 scale"):
        trajectory_svg([TrajectoryPoint(ICPC, RaterGroup.FAMILY, 11, 1)], title="t")


def test_two_medians_for_one_group_on_one_date_are_refused() -> None:
    twice = [TrajectoryPoint(ICPC, RaterGroup.FAMILY, v, 1) for v in (3, 4)]
    with pytest.raises(ValueError, match="more than one median on 2 March 2026"):
        trajectory_svg(twice, title="t")


def test_the_table_has_a_row_per_date_and_a_column_per_group() -> None:
    assert trajectory_table(POINTS) == [
        {"date": ICPC, RaterGroup.FAMILY: 3, RaterGroup.CHILD: None, RaterGroup.PROFESSIONAL: 2},
        {
            "date": CORE_GROUP,
            RaterGroup.FAMILY: 4.5,
            RaterGroup.CHILD: None,
            RaterGroup.PROFESSIONAL: None,
        },
        {"date": RCPC, RaterGroup.FAMILY: 6, RaterGroup.CHILD: 5, RaterGroup.PROFESSIONAL: 4},
    ]
    # Group keys equal their names, so a template can write row.FAMILY.
    assert trajectory_table(POINTS)[0]["FAMILY"] == 3


def test_the_table_is_empty_without_points() -> None:
    assert trajectory_table([]) == []


def dated(on: date, value: int, group: RaterGroup, orientation: Orientation) -> tuple[date, Rating]:
    return on, Rating(value, group, "someone", orientation, "Unsafe", "Safe", "Reasons.", None)


def test_r23_trajectory_points_are_medians_per_date_and_group() -> None:
    safe = Orientation.TEN_IS_SAFE
    ratings = [
        dated(RCPC, 6, RaterGroup.FAMILY, safe),
        dated(ICPC, 2, RaterGroup.FAMILY, safe),
        dated(ICPC, 5, RaterGroup.FAMILY, safe),
        dated(ICPC, 1, RaterGroup.PROFESSIONAL, safe),
    ]
    assert trajectory_points(ratings, orientation=safe) == [
        TrajectoryPoint(ICPC, RaterGroup.FAMILY, 3.5, 2),
        TrajectoryPoint(ICPC, RaterGroup.PROFESSIONAL, 1.0, 1),
        TrajectoryPoint(RCPC, RaterGroup.FAMILY, 6.0, 1),
    ]


def test_r23_a_trajectory_never_combines_ratings_with_different_orientation() -> None:
    ratings = [
        dated(ICPC, 2, RaterGroup.FAMILY, Orientation.TEN_IS_SAFE),
        dated(RCPC, 8, RaterGroup.FAMILY, Orientation.ZERO_IS_SAFE),
    ]
    with pytest.raises(MixedOrientation):
        trajectory_points(ratings, orientation=Orientation.TEN_IS_SAFE)
