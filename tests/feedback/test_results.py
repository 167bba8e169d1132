"""The partnership's results: spreads by respondent type and quarter, written answers, export."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse

from safetymap.accounts.roles import Role
from safetymap.feedback import selectors
from tests.factories import FeedbackRoundFactory, ResponseFactory
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db
SUMMER = datetime.date(2026, 8, 3)  # July to September 2026
AUTUMN = datetime.date(2026, 11, 2)  # October to December 2026


@pytest.fixture
def manager(client, user_with_role):
    client.force_login(user_with_role(Role.PRACTICE_LEAD))
    return client


def some_answers():
    summer = FeedbackRoundFactory(meeting_date=SUMMER, episode__child__first_name="Fictionalzed")
    autumn = FeedbackRoundFactory(meeting_date=AUTUMN, meeting_kind="REVIEW")
    ResponseFactory(round=summer, answers={"p_respect": 5, "p_better": "Shorter, please"})
    ResponseFactory(round=summer, answers={"p_respect": 2}, anonymous=False)
    ResponseFactory(round=autumn, answers={"p_respect": 5, "p_chair": 0})
    ResponseFactory(round=autumn, respondent_type="CHILD", answers={"c_knew": 3, "c_next": 1})
    ResponseFactory(
        round=autumn,
        respondent_type="PROFESSIONAL",
        agency_type="POLICE",
        answers={"pr_focus": 4, "pr_worried": '=HYPERLINK("http://evil.example")'},
    )
    return summer, autumn


def test_each_question_is_counted_overall_and_by_quarter_for_each_respondent_type():
    some_answers()
    by_type = {result.respondent_type: result for result in selectors.results()}
    parents = by_type["PARENT_CARER"]
    assert (parents.responses, parents.anonymous) == (3, 2)
    respect = next(q for q in parents.questions if q.question.key == "p_respect")
    assert respect.answers[0] == "Strongly agree" and respect.answers[-1] == "Strongly disagree"
    assert [(bar.label, bar.counts) for bar in respect.bars] == [
        ("All answers", (2, 0, 0, 1, 0)),
        ("July to September 2026", (1, 0, 0, 1, 0)),
        ("October to December 2026", (1, 0, 0, 0, 0)),
    ]
    chair = next(q for q in parents.questions if q.question.key == "p_chair")
    assert chair.bars[0].total == 0 and chair.not_counted == 1
    child = next(q for q in by_type["CHILD"].questions if q.question.key == "c_knew")
    assert child.answers == ["Yes", "A bit", "No"] and child.bars[0].counts == (1, 0, 0)


def test_the_results_page_has_a_chart_and_a_table_for_each_question_and_no_child(manager):
    summer, _ = some_answers()
    html = manager.get(reverse("feedback:results")).content.decode()
    assert html.count('role="img"') == 9 + 4 + 11  # every scaled question of the three forms
    assert html.count("<table") == 9 + 4 + 11
    assert "July to September 2026" in html and "I was treated with respect." in html
    child = summer.episode.child
    assert child.first_name not in html and child.la_child_id not in html
    assert SUMMER.strftime("%-d %B %Y") not in html  # quarters only, never the meeting's date


def test_written_answers_show_the_kind_of_person_and_quarter_only(manager):
    summer, _ = some_answers()
    html = manager.get(reverse("feedback:written-answers")).content.decode()
    assert "Shorter, please" in html and "What would have made the meeting better?" in html
    assert "Parent or carer, initial child protection conference, July to September 2026" in html
    assert summer.episode.child.first_name not in html


def test_result_pages_do_not_grow_their_queries_with_the_answers(manager):
    some_answers()
    for name in ("feedback:results", "feedback:written-answers"):
        assert_queries_do_not_grow(
            lambda name=name: manager.get(reverse(name)),
            lambda: some_answers(),
        )


def test_the_export_streams_every_answer_with_formulas_made_harmless(manager):
    some_answers()
    response = manager.get(reverse("feedback:export"))
    assert response.streaming and response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert tuple(rows[0]) == selectors.EXPORT_HEADER
    assert len(rows) == 1 + 9
    worried = next(row for row in rows if row[6] == "What are we worried about?")
    assert worried[-1].startswith("'=HYPERLINK")
    assert worried[1:4] == ["Professional", "Police", "Yes"]
    respect = [row for row in rows if row[6] == "I was treated with respect."]
    assert {(row[7], row[8]) for row in respect} == {("5", "Strongly agree"), ("2", "Disagree")}


def test_the_export_does_not_grow_its_queries_with_the_answers(manager):
    some_answers()
    assert_queries_do_not_grow(
        lambda: b"".join(manager.get(reverse("feedback:export")).streaming_content),
        lambda: some_answers(),
    )


def test_no_answers_yet_is_said_plainly(manager):
    html = manager.get(reverse("feedback:results")).content.decode()
    assert html.count("No answers yet.") == 3
    assert (
        "No written answers yet."
        in manager.get(reverse("feedback:written-answers")).content.decode()
    )


def test_written_answers_are_paged_every_one_once_with_the_filters_kept(manager):
    import re

    autumn = FeedbackRoundFactory(meeting_date=AUTUMN, meeting_kind="REVIEW")
    for n in range(selectors.FREE_TEXT_SHOWN + 12):
        ResponseFactory(round=autumn, answers={"p_better": f"Answer number {n}."})
    ResponseFactory(
        round=autumn, respondent_type="PROFESSIONAL", answers={"pr_worried": "From a professional"}
    )
    url = reverse("feedback:written-answers")
    query = "?filter=1&respondent_type=PARENT_CARER"
    seen: list[str] = []
    while query:
        html = manager.get(url + query).content.decode()
        assert "From a professional" not in html
        seen += re.findall(r"Answer number \d+\.", html)
        found = re.search(r'href="([^"]*)" rel="next"', html)
        query = found.group(1).replace("&amp;", "&") if found else None
        assert query is None or "respondent_type=PARENT_CARER" in query
    assert sorted(seen) == sorted(
        {f"Answer number {n}." for n in range(selectors.FREE_TEXT_SHOWN + 12)}
    )
    assert manager.get(url, {"cursor": "\t<garbage>"}).status_code == 200
