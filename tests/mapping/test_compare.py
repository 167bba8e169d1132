from safetymap.mapping.compare import compare, word_diff


def content(statement: str, goal_for: str, items: list[tuple[str, str]], ratings: list[tuple]):
    return {
        "danger_statements": [{"seq_no": 1, "text": statement}],
        "safety_goals": [
            {
                "danger_statement": 1,
                "what_will_be_happening": "Calm at home",
                "for_how_long": goal_for,
            }
        ],
        "items": [{"category": c, "text": t} for c, t in items],
        "ratings": [
            {"rater": r, "group": g, "value": v, "danger_statement": d} for r, g, v, d in ratings
        ],
    }


def test_word_diff_marks_exactly_the_words_that_changed():
    assert word_diff("Dad shouted at Mum", "Dad shouted and pushed Mum") == (
        ("same", "Dad shouted"),
        ("removed", "at"),
        ("added", "and pushed"),
        ("same", "Mum"),
    )


def test_comparing_versions_shows_wording_items_and_scale_movement():
    before = content(
        "Dad shouted at Mum",
        "3 months",
        [("PAST_HARM", "Police called"), ("GREY_AREA", "Mondays missed")],
        [("Mum", "FAMILY", 3, None), ("School", "PROFESSIONAL", 2, 1)],
    )
    after = content(
        "Dad shouted at Mum twice",
        "6 months",
        [("PAST_HARM", "Police called"), ("EXISTING_STRENGTH", "Nan helps")],
        [("Mum", "FAMILY", 6, None), ("School", "PROFESSIONAL", 4, 1), ("Zara", "CHILD", 5, None)],
    )
    result = compare(before, after)
    assert [w.label for w in result.wording if w.changed] == ["Danger statement 1", "Safety goal 1"]
    assert [i["text"] for i in result.items_added] == ["Nan helps"]
    assert [i["text"] for i in result.items_removed] == ["Mondays missed"]
    moves = {(m.rater, m.about): (m.before, m.after, m.change) for m in result.movements}
    assert moves[("Mum", "Overall")] == (3, 6, 3)
    assert moves[("School", "Danger statement 1")] == (2, 4, 2)
    assert moves[("Zara", "Overall")] == (None, 5, None)
