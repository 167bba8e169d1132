"""R23 and R24: checking safety scale ratings, their spread per rater group, and escalation."""

from __future__ import annotations

from dataclasses import replace

import pytest

from safetymap.mapping.scaling import (
    MixedOrientation,
    Orientation,
    RaterGroup,
    Rating,
    Spread,
    escalations,
    normalise,
    rating_problems,
    safety_points,
    spread_by_group,
)

SAFE = Orientation.TEN_IS_SAFE
RISK = Orientation.ZERO_IS_SAFE
ANCHOR_0 = "So unsafe the children need to live elsewhere for now"
ANCHOR_10 = "Safe enough for Children's Social Care to close"


def rating(
    value: int,
    group: RaterGroup = RaterGroup.FAMILY,
    *,
    rater: str = "mum",
    orientation: Orientation = SAFE,
    reason: str = "Because.",
) -> Rating:
    return Rating(
        value=value,
        group=group,
        rater=rater,
        orientation=orientation,
        anchor_0=ANCHOR_0,
        anchor_10=ANCHOR_10,
        reason=reason,
        danger_statement=1,
    )


# Appendix B: the two ratings of danger statement 1 at the ICPC. The school's anchors are elided
# ("…") in the appendix; here they carry the deployment's wording, as the system would record.
APPENDIX_B_MUM = Rating(
    value=6,
    group=RaterGroup.FAMILY,
    rater="mum",
    orientation=SAFE,
    anchor_0=ANCHOR_0,
    anchor_10=ANCHOR_10,
    reason="Dad has not drunk at home for 3 weeks.",
    danger_statement=1,
)
APPENDIX_B_SCHOOL = replace(
    APPENDIX_B_MUM,
    value=3,
    group=RaterGroup.PROFESSIONAL,
    rater="school-dsl",
    reason="A still hides at home time; no network yet.",
)


def test_rater_groups_have_plain_labels() -> None:
    assert [group.label for group in RaterGroup] == [
        "Family",
        "Child",
        "Safety network",
        "Professionals",
    ]


def test_r23_the_appendix_b_ratings_have_no_problems() -> None:
    assert rating_problems(APPENDIX_B_MUM) == []
    assert rating_problems(APPENDIX_B_SCHOOL) == []


def test_r23_a_rating_needs_a_rater_anchors_and_a_reason() -> None:
    empty = Rating(
        value=5,
        group=RaterGroup.NETWORK,
        rater="  ",
        orientation=SAFE,
        anchor_0="",
        anchor_10="",
        reason="",
    )
    assert rating_problems(empty) == [
        "Enter who gave this rating",
        "Enter what 0 means on this scale",
        "Enter what 10 means on this scale",
        "Enter the reason for this rating",
    ]


def test_r23_a_placeholder_anchor_is_not_an_anchor() -> None:
    # Appendix B elides the school's anchors as "…": that tells a rater nothing about the scale.
    elided = replace(APPENDIX_B_SCHOOL, anchor_0="…", anchor_10="...")
    assert rating_problems(elided) == [
        "Enter what 0 means on this scale",
        "Enter what 10 means on this scale",
    ]


@pytest.mark.parametrize("value", [-1, 11, 100, True, 4.5])
def test_r23_a_value_must_be_a_whole_number_from_0_to_10(value: object) -> None:
    assert rating_problems(replace(APPENDIX_B_MUM, value=value)) == [
        "The rating must be a whole number from 0 to 10"
    ]


@pytest.mark.parametrize("value", [0, 10])
def test_r23_the_ends_of_the_scale_are_allowed(value: int) -> None:
    assert rating_problems(replace(APPENDIX_B_MUM, value=value)) == []


def test_r23_the_appendix_b_spread_keeps_family_and_professionals_apart() -> None:
    spreads = spread_by_group([APPENDIX_B_MUM, APPENDIX_B_SCHOOL], SAFE)
    assert spreads == {
        RaterGroup.FAMILY: Spread(count=1, minimum=6, median=6.0, maximum=6, values=(6,)),
        RaterGroup.PROFESSIONAL: Spread(count=1, minimum=3, median=3.0, maximum=3, values=(3,)),
    }
    # Never one mean across groups: (6 + 3) / 2 = 4.5 appears nowhere.
    assert all(spread.median != 4.5 for spread in spreads.values())


def test_r23_spread_with_an_odd_count_takes_the_middle_value() -> None:
    ratings = [rating(v, RaterGroup.PROFESSIONAL) for v in (7, 2, 4)]
    assert spread_by_group(ratings, SAFE)[RaterGroup.PROFESSIONAL] == Spread(
        count=3, minimum=2, median=4.0, maximum=7, values=(2, 4, 7)
    )


def test_r23_spread_with_an_even_count_takes_the_mean_of_the_middle_two() -> None:
    ratings = [rating(v, RaterGroup.PROFESSIONAL) for v in (8, 2, 3, 6)]
    assert spread_by_group(ratings, SAFE)[RaterGroup.PROFESSIONAL] == Spread(
        count=4, minimum=2, median=4.5, maximum=8, values=(2, 3, 6, 8)
    )


def test_r23_spread_lists_groups_in_a_fixed_order_and_leaves_out_empty_ones() -> None:
    ratings = [
        rating(2, RaterGroup.PROFESSIONAL),
        rating(5, RaterGroup.CHILD),
        rating(7, RaterGroup.FAMILY),
    ]
    assert list(spread_by_group(ratings, SAFE)) == [
        RaterGroup.FAMILY,
        RaterGroup.CHILD,
        RaterGroup.PROFESSIONAL,
    ]
    assert spread_by_group([], SAFE) == {}


def test_r23_ratings_with_different_orientation_are_never_combined() -> None:
    ratings = [rating(6), rating(3, RaterGroup.PROFESSIONAL, orientation=RISK)]
    with pytest.raises(MixedOrientation) as raised:
        spread_by_group(ratings, SAFE)
    assert raised.value.others == 1
    assert "1 rating uses a scale where 0 means safe" in str(raised.value)
    assert "cannot be combined" in str(raised.value)


def test_r23_ratings_all_on_the_other_orientation_are_refused_too() -> None:
    # The orientation asked for is the deployment's; a whole set on the other scale is not it.
    with pytest.raises(MixedOrientation, match="2 ratings use a scale where 10 means safe"):
        spread_by_group([rating(6), rating(4)], RISK)


def test_r23_mixed_orientation_is_a_value_error_for_callers_that_catch_those() -> None:
    assert issubclass(MixedOrientation, ValueError)


def test_r23_normalise_turns_the_scale_round_explicitly() -> None:
    on_risk_scale = Rating(
        value=2,
        group=RaterGroup.PROFESSIONAL,
        rater="police",
        orientation=RISK,
        anchor_0="No concerns",
        anchor_10="Highest risk",
        reason="No incidents since March.",
        danger_statement=1,
        one_point_higher="Dad finishes the drinking programme.",
    )
    converted = normalise(on_risk_scale)
    assert converted == replace(
        on_risk_scale,
        value=8,
        orientation=SAFE,
        anchor_0="Highest risk",
        anchor_10="No concerns",
    )
    # The rater's own words are kept.
    assert converted.reason == "No incidents since March."
    assert converted.one_point_higher == "Dad finishes the drinking programme."


def test_r23_normalise_leaves_a_rating_already_on_the_scale_unchanged() -> None:
    assert normalise(APPENDIX_B_MUM) is APPENDIX_B_MUM
    assert normalise(normalise(APPENDIX_B_MUM, to=RISK)) == APPENDIX_B_MUM


def test_r23_normalised_ratings_can_then_be_combined() -> None:
    ratings = [rating(6), rating(7, orientation=RISK)]
    spreads = spread_by_group([normalise(r) for r in ratings], SAFE)
    assert spreads[RaterGroup.FAMILY].values == (3, 6)


def test_r23_normalise_refuses_a_value_off_the_scale() -> None:
    with pytest.raises(ValueError, match="not on the scale"):
        normalise(rating(12, orientation=RISK))


def test_safety_points_count_from_the_dangerous_end() -> None:
    assert safety_points(2, SAFE) == 2
    assert safety_points(2, RISK) == 8


def test_r24_a_professional_rating_at_the_threshold_escalates() -> None:
    at_threshold = rating(2, RaterGroup.PROFESSIONAL, rater="police")
    assert escalations([at_threshold], threshold=2, orientation=SAFE) == [at_threshold]


def test_r24_a_professional_rating_below_the_threshold_escalates() -> None:
    zero = rating(0, RaterGroup.PROFESSIONAL)
    assert escalations([zero], threshold=1, orientation=SAFE) == [zero]


def test_r24_a_professional_rating_above_the_threshold_does_not_escalate() -> None:
    assert escalations([rating(3, RaterGroup.PROFESSIONAL)], threshold=2, orientation=SAFE) == []


def test_r24_the_appendix_b_school_rating_escalates_only_at_a_threshold_of_3() -> None:
    ratings = [APPENDIX_B_MUM, APPENDIX_B_SCHOOL]
    assert escalations(ratings, threshold=2, orientation=SAFE) == []
    assert escalations(ratings, threshold=3, orientation=SAFE) == [APPENDIX_B_SCHOOL]


@pytest.mark.parametrize("group", [RaterGroup.FAMILY, RaterGroup.CHILD, RaterGroup.NETWORK])
def test_r24_only_professional_ratings_escalate(group: RaterGroup) -> None:
    assert escalations([rating(0, group)], threshold=2, orientation=SAFE) == []


def test_r24_when_zero_is_safe_a_professional_rating_at_10_minus_threshold_escalates() -> None:
    at, beyond, below = (rating(v, RaterGroup.PROFESSIONAL, orientation=RISK) for v in (8, 10, 7))
    assert escalations([at, beyond, below], threshold=2, orientation=RISK) == [at, beyond]


def test_r24_escalation_keeps_the_order_the_ratings_were_given_in() -> None:
    police = rating(1, RaterGroup.PROFESSIONAL, rater="police")
    school = rating(0, RaterGroup.PROFESSIONAL, rater="school")
    assert escalations([police, rating(9), school], threshold=2, orientation=SAFE) == [
        police,
        school,
    ]


def test_r24_escalation_refuses_ratings_on_the_other_orientation() -> None:
    # Reading a 9 on a "0 is safe" scale as nearly safe would miss a child in danger.
    mixed = [rating(9, RaterGroup.PROFESSIONAL, orientation=RISK)]
    with pytest.raises(MixedOrientation):
        escalations(mixed, threshold=2, orientation=SAFE)


@pytest.mark.parametrize("threshold", [-1, 11])
def test_r24_the_threshold_must_be_on_the_scale(threshold: int) -> None:
    with pytest.raises(ValueError, match="threshold"):
        escalations([], threshold=threshold, orientation=SAFE)
