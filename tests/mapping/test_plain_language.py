"""Plain-language checks (domain.md §2.3, R18; issue 4 item 6). Pure: no database needed."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from safetymap.mapping.jargon import DEFAULT_JARGON
from safetymap.mapping.plain_language import (
    TARGET_READING_AGE,
    PlainLanguageReport,
    check,
    check_many,
    find_jargon,
    jargon_terms,
    reading_age,
)

# domain.md Appendix B, danger statement 1, written out as the four-part prompt would join it.
APPENDIX_B_WHAT_HAPPENED = (
    "Three times since January, when Dad drank he shouted at and pushed Mum; "
    "A (6) told her teacher she hid under the bed."
)
APPENDIX_B_DANGER_STATEMENT = (
    "Children's Social Care, School and Health visitor are worried that three times since "
    "January, when Dad drank he shouted at and pushed Mum; A (6) told her teacher she hid under "
    "the bed. If nothing changes, we are worried that A and B could be hurt if they are close by, "
    "and grow up frightened and believing that hurting people is normal."
)
# The kind of statement R18 exists to catch.
DENSE_STATEMENT = (
    "Social care are worried that there are safeguarding concerns regarding domestic violence and "
    "substance misuse within the household, evidencing a chaotic lifestyle and disguised "
    "compliance, which places the children at risk of significant harm."
)
SIMPLE_TEXT = "Dad will stay at Grandad's if he has had a drink. Nan will pick up A from school."


def listed(text: str) -> list[str]:
    return [hit.listed_as for hit in check(text, terms=DEFAULT_JARGON).jargon]


# --- R18: jargon and labels ------------------------------------------------------------------


@pytest.mark.parametrize(
    "term", ["domestic violence", "neglect", "substance misuse", "poor parenting"]
)
def test_r18_jargon_is_flagged_with_a_plain_alternative(term: str) -> None:
    report = check(f"We are worried about {term} at home.", terms=DEFAULT_JARGON)

    assert [hit.listed_as for hit in report.jargon] == [term]
    assert report.jargon[0].suggestion
    assert report.messages[0].startswith(f"‘{term}’ is a label: ")


def test_r18_message_asks_for_what_happened_instead_of_the_label() -> None:
    report = check("There is domestic violence.", terms=DEFAULT_JARGON)

    assert report.messages == (
        "‘domestic violence’ is a label: say what happened, for example "
        "‘Dad hit Mum when he had been drinking’",
    )


def test_r18_warnings_never_block_and_nothing_raises_on_empty_text() -> None:
    for text in ("", "   ", "\n\n", "…", "!!!"):
        report = check(text)
        assert report == PlainLanguageReport(reading_age=None, jargon=(), messages=())
        assert not report.has_warnings
    assert check(None) == PlainLanguageReport(reading_age=None)  # type: ignore[arg-type]
    assert check_many({}) == {}
    assert find_jargon("") == ()


def test_r18_dense_statement_gets_every_label_and_a_reading_age_warning() -> None:
    report = check(DENSE_STATEMENT, terms=DEFAULT_JARGON)

    assert [hit.listed_as for hit in report.jargon] == [
        "safeguarding concerns",
        "domestic violence",
        "substance misuse",
        "chaotic lifestyle",
        "disguised compliance",
        "risk of significant harm",
    ]
    assert report.reading_age is not None and report.reading_age >= 18
    assert report.messages[-1] == (
        "A reader needs an adult reading age (18 or over) to follow this; aim for 11 or under: "
        "use shorter sentences and everyday words"
    )


def test_default_list_covers_uk_practice_terms_each_with_a_suggestion() -> None:
    assert len(DEFAULT_JARGON) >= 30
    for term in (
        "domestic violence", "domestic abuse", "neglect", "substance misuse", "poor parenting",
        "disguised compliance", "non-engagement", "chaotic lifestyle", "toxic trio",
        "risk of significant harm", "inappropriate", "concerns", "safeguarding concerns",
        "emotional abuse", "failure to thrive", "hostile", "resistant", "lack of insight",
        "lack of boundaries", "attachment issues", "LAC", "CIN", "CP", "ICPC", "RCPC", "MASH",
        "s47", "DV", "EH", "CAMHS", "CSE", "CCE",
    ):  # fmt: skip
        assert DEFAULT_JARGON[term].strip()
    with pytest.raises(TypeError):
        DEFAULT_JARGON["new"] = "shared default must not be changed at runtime"  # type: ignore[index]


@pytest.mark.parametrize("term", sorted(DEFAULT_JARGON))
def test_every_default_term_matches_itself(term: str) -> None:
    hits = find_jargon(f"Note: {term}.", terms=DEFAULT_JARGON)

    assert [(hit.term, hit.listed_as) for hit in hits] == [(term, term)]


# --- positions, case, acronyms, variants ---------------------------------------------------


def test_jargon_offsets_point_at_the_words_as_written() -> None:
    text = "Mum says there is no Neglect; school has CONCERNS about the LAC review."
    hits = check(text, terms=DEFAULT_JARGON).jargon

    assert [(hit.term, hit.start, hit.end) for hit in hits] == [
        ("Neglect", 21, 28),
        ("CONCERNS", 41, 49),
        ("LAC", 60, 63),
    ]
    assert all(text[hit.start : hit.end] == hit.term for hit in hits)
    assert [hit.listed_as for hit in hits] == ["neglect", "concerns", "LAC"]


def test_phrases_match_in_any_case_with_hyphens_spaces_and_plurals() -> None:
    assert listed("DOMESTIC VIOLENCE and Domestic-Violence") == ["domestic violence"] * 2
    assert listed("non-engagement, non engagement, nonengagement") == ["non-engagement"] * 3
    assert listed("one concern, two concerns") == ["concerns"] * 2
    assert listed("a lack of boundary") == ["lack of boundaries"]
    assert listed("Domestic\nviolence") == ["domestic violence"]


def test_longest_phrase_wins_where_terms_overlap() -> None:
    assert listed("safeguarding concerns") == ["safeguarding concerns"]
    assert listed("at risk of significant harm") == ["risk of significant harm"]


def test_whole_words_only() -> None:
    assert listed("we went to the cinema, CINEMA and the CINDERS") == []
    assert listed("neglecting, concerned, hostility, DVD, CPR, unresistant") == []


def test_acronyms_are_case_sensitive() -> None:
    assert listed("LAC, CIN, CP plan, EH, DV") == ["LAC", "CIN", "CP", "EH", "DV"]
    assert listed("lac, cin, cp, eh, dv, Cin") == []
    assert listed("two LACs") == ["LAC"]


def test_section_47_is_found_however_it_is_written() -> None:
    assert listed("s47, S47, s.47 and s 47") == ["s47"] * 4
    assert (
        check("after the s47 enquiry", terms=DEFAULT_JARGON)
        .messages[0]
        .startswith("‘s47’ is an abbreviation a family may not know: ")
    )


def test_repeated_term_gives_one_message_but_every_position() -> None:
    report = check("Neglect. More neglect. Still neglect.", terms=DEFAULT_JARGON)

    assert len(report.jargon) == 3
    assert len([m for m in report.messages if "is a label" in m]) == 1


# --- reading age ---------------------------------------------------------------------------


def test_simple_text_is_within_the_target_reading_age() -> None:
    report = check(SIMPLE_TEXT, terms=DEFAULT_JARGON)

    assert report.reading_age is not None
    assert report.reading_age <= TARGET_READING_AGE
    assert report.messages == ()


def test_appendix_b_danger_statement_reads_far_easier_than_jargon() -> None:
    good = check(APPENDIX_B_DANGER_STATEMENT, terms=DEFAULT_JARGON)
    dense = check(DENSE_STATEMENT, terms=DEFAULT_JARGON)

    assert good.jargon == ()
    assert good.reading_age is not None and dense.reading_age is not None
    # Flesch-Kincaid puts the whole worked example a little over 11 (about 13); the point is the
    # gap to the jargon version and that no label is flagged.
    assert good.reading_age <= TARGET_READING_AGE + 2
    assert dense.reading_age - good.reading_age >= 8
    assert reading_age(APPENDIX_B_WHAT_HAPPENED) <= TARGET_READING_AGE


def test_semicolons_and_line_breaks_count_as_sentence_breaks() -> None:
    as_clauses = "Dad drank and shouted at Mum; A hid under the bed; B cried in the hall"
    as_one_sentence = as_clauses.replace(";", ",")

    assert reading_age(as_clauses) < reading_age(as_one_sentence)
    assert reading_age(as_clauses.replace("; ", "\n")) == reading_age(as_clauses)


def test_reading_age_message_names_the_age_and_the_target() -> None:
    report = check(
        "Professionals consider the household environment unsuitable, demonstrating "
        "inconsistent supervision.",
        terms={},
    )

    assert report.reading_age is not None and report.reading_age > TARGET_READING_AGE
    assert report.messages[-1].startswith("A reader needs ")
    assert "aim for 11 or under: use shorter sentences and everyday words" in report.messages[-1]


def test_reading_age_target_can_be_raised_per_call() -> None:
    report = check(APPENDIX_B_DANGER_STATEMENT, terms={}, target_reading_age=14)

    assert report.messages == ()


def test_short_text_has_no_reading_age() -> None:
    assert reading_age("Dad left.") is None
    assert check("Dad hit Mum.", terms={}).reading_age is None
    assert reading_age("Dad hit Mum last night.") is not None


def test_reading_age_is_never_below_five() -> None:
    assert reading_age("Mum is here. Dad is here. Sam is here too. I am here.") == 5


# --- check_many, settings overrides, purity -------------------------------------------------


def test_check_many_reports_each_field_in_order() -> None:
    reports = check_many(
        {"what_happened": "Poor parenting.", "goal_text": SIMPLE_TEXT, "empty": ""},
        terms=DEFAULT_JARGON,
    )

    assert list(reports) == ["what_happened", "goal_text", "empty"]
    assert [hit.listed_as for hit in reports["what_happened"].jargon] == ["poor parenting"]
    assert reports["goal_text"].messages == ()
    assert reports["empty"].reading_age is None


def test_without_the_setting_the_default_list_is_used(settings) -> None:
    if hasattr(settings, "SAFETYMAP_JARGON"):
        del settings.SAFETYMAP_JARGON

    assert jargon_terms() == dict(DEFAULT_JARGON)
    assert [hit.listed_as for hit in check("toxic trio").jargon] == ["toxic trio"]


def test_settings_override_adds_replaces_and_removes_terms(settings) -> None:
    settings.SAFETYMAP_JARGON = {
        "Neglect": None,  # removal ignores case
        "CIN": "say ‘child in need plan’",
        "PLO": None,
        "gatekeeping": "say who decided and why",
        "TAF": "say ‘team around the family’",
    }

    report = check("neglect, CIN, PLO, gatekeeping, TAF and taf")

    assert [(hit.term, hit.suggestion) for hit in report.jargon] == [
        ("CIN", "say ‘child in need plan’"),
        ("gatekeeping", "say who decided and why"),
        ("TAF", "say ‘team around the family’"),
    ]
    assert "neglect" not in jargon_terms()
    assert check_many({"a": "neglect"})["a"].jargon == ()


def test_malformed_setting_entries_are_skipped(settings) -> None:
    settings.SAFETYMAP_JARGON = {
        "": "blank",
        42: "not text",
        "sofa surfing": "say where they slept",
    }

    assert listed_with_settings("sofa surfing") == ["sofa surfing"]
    settings.SAFETYMAP_JARGON = ["not", "a", "dict"]
    assert jargon_terms() == dict(DEFAULT_JARGON)


def listed_with_settings(text: str) -> list[str]:
    return [hit.listed_as for hit in check(text).jargon]


def test_explicit_terms_ignore_settings(settings) -> None:
    settings.SAFETYMAP_JARGON = {"neglect": None}

    assert listed("neglect") == ["neglect"]
    assert check("neglect", terms={}).jargon == ()


def test_reports_are_frozen() -> None:
    report = check("There are concerns about DV.", terms=DEFAULT_JARGON)

    with pytest.raises(dataclasses.FrozenInstanceError):
        report.reading_age = 3  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.jargon[0].term = "x"  # type: ignore[misc]


def test_module_imports_without_django() -> None:
    code = (
        "import sys; import safetymap.mapping.plain_language as p; "
        "p.check('There is neglect here today, sadly.', terms={}); "
        "print('django' in sys.modules)"
    )
    result = subprocess.run(  # fixed argv, no shell
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )

    assert result.stdout.strip() == "False"
