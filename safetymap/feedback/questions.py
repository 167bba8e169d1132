"""The conference feedback form's questions and answer scales (domain.md §6.4), as plain data.

No Django here: the forms, the results and the export all read these, so a question is worded
in one place. Each question has a stable ``key`` that is stored with the answer; change the
wording freely, never the key (older answers would move to another question).

Where §6.4 leaves the scale open we chose (docs/feedback.md says why):

- parents and carers, and professionals: the 1 to 5 agreement scale, with "Does not apply",
  which is kept but not counted in the spread;
- children and young people: three answers, Yes / A bit / No, each with a face drawn in SVG,
  and "I don't know", which is kept but not counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class RespondentType(StrEnum):
    PARENT_CARER = "PARENT_CARER"
    CHILD = "CHILD"
    PROFESSIONAL = "PROFESSIONAL"

    @property
    def label(self) -> str:
        return RESPONDENT_LABELS[self]


RESPONDENT_LABELS: dict[RespondentType, str] = {
    RespondentType.PARENT_CARER: "Parent or carer",
    RespondentType.CHILD: "Child or young person",
    RespondentType.PROFESSIONAL: "Professional",
}


@dataclass(frozen=True)
class Choice:
    value: int  # stored; 0 means "does not apply" / "I don't know" and is not counted
    label: str
    face: str = ""  # happy | middle | sad: the symbol on the children's form


NOT_COUNTED = 0

AGREEMENT = (
    Choice(5, "Strongly agree"),
    Choice(4, "Agree"),
    Choice(3, "Neither agree nor disagree"),
    Choice(2, "Disagree"),
    Choice(1, "Strongly disagree"),
    Choice(NOT_COUNTED, "Does not apply to me"),
)

CHILD_SCALE = (
    Choice(3, "Yes", face="happy"),
    Choice(2, "A bit", face="middle"),
    Choice(1, "No", face="sad"),
    Choice(NOT_COUNTED, "I don't know"),
)


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    hint: str = ""
    scale: tuple[Choice, ...] = ()  # empty for a free-text question
    required: bool = True

    @property
    def is_free_text(self) -> bool:
        return not self.scale

    def counted(self) -> tuple[Choice, ...]:
        """The answers a chart shows, most positive first."""
        return tuple(choice for choice in self.scale if choice.value != NOT_COUNTED)

    def label_of(self, value: int | None) -> str:
        for choice in self.scale:
            if choice.value == value:
                return choice.label
        return ""


def _scaled(key: str, text: str, scale: tuple[Choice, ...], hint: str = "") -> Question:
    return Question(key=key, text=text, hint=hint, scale=scale)


def _free(key: str, text: str, hint: str = "") -> Question:
    return Question(key=key, text=text, hint=hint, required=False)


PARENT_QUESTIONS: tuple[Question, ...] = (
    _scaled(
        "p_why", "I was told why the conference was happening and what could happen.", AGREEMENT
    ),
    _scaled(
        "p_reports",
        "I saw the reports before the meeting, with enough time to read them; no surprises on "
        "the day.",
        AGREEMENT,
    ),
    _scaled("p_chair", "I met the chair before the meeting / knew who would be there.", AGREEMENT),
    _scaled(
        "p_supporter",
        "I could bring a supporter/advocate; interpreter was provided if needed.",
        AGREEMENT,
    ),
    _scaled(
        "p_listened",
        "I was listened to; I had the chance to say what is working well.",
        AGREEMENT,
    ),
    _scaled(
        "p_danger",
        "I understood the danger statement(s) — what people are worried about.",
        AGREEMENT,
    ),
    _scaled("p_goals", "I understood the safety goals and what needs to happen next.", AGREEMENT),
    _scaled(
        "p_decision",
        "I understood the decision and why; I know what happens next (core group, review date).",
        AGREEMENT,
    ),
    _scaled("p_respect", "I was treated with respect.", AGREEMENT),
    _free(
        "p_better",
        "What would have made the meeting better?",
        hint="Please do not write anyone's name.",
    ),
)

CHILD_QUESTIONS: tuple[Question, ...] = (
    _scaled("c_knew", "Did you know about the meeting?", CHILD_SCALE),
    _scaled("c_views", "Did people know what you think?", CHILD_SCALE),
    _scaled(
        "c_choice",
        "Did you have a choice about how to share your views (attend / advocate / Three Houses)?",
        CHILD_SCALE,
        hint="For example, coming to the meeting, having someone speak for you, or drawing your "
        "Three Houses.",
    ),
    _scaled("c_next", "Do you know what happens next?", CHILD_SCALE),
    _free(
        "c_anything",
        "Is there anything else you want to tell us?",
        hint="You do not have to write anything. Please do not write anyone's name.",
    ),
)

PROFESSIONAL_QUESTIONS: tuple[Question, ...] = (
    _scaled("pr_invitation", "Invitation received in good time.", AGREEMENT),
    _scaled("pr_template", "Report template clear.", AGREEMENT),
    _scaled("pr_shared", "Able to share report with family beforehand.", AGREEMENT),
    _scaled("pr_focus", "Chair kept focus on the child.", AGREEMENT),
    _scaled(
        "pr_structure",
        "Signs of Safety structure (worries / working well / needs to happen) helped analysis.",
        AGREEMENT,
    ),
    _scaled("pr_danger", "Danger statements were clear and specific.", AGREEMENT),
    _scaled("pr_goals", "Safety goals were measurable.", AGREEMENT),
    _scaled("pr_scaling", "Scaling was independent.", AGREEMENT),
    _scaled("pr_voice", "Family and child voice were central.", AGREEMENT),
    _scaled("pr_plan", "Decision and plan were clear (who, what, by when).", AGREEMENT),
    _scaled("pr_practical", "Practical: venue/virtual access, timing, papers.", AGREEMENT),
    _free(
        "pr_training",
        "Training need identified?",
        hint="If you or your team would like training or a briefing, say what about. You can "
        "also request a briefing from the partnership.",
    ),
    _free("pr_working_well", "What worked well?", hint="Do not name or identify the family."),
    _free("pr_worried", "What are we worried about?", hint="Do not name or identify the family."),
    _free(
        "pr_needs_to_happen",
        "What needs to happen?",
        hint="Do not name or identify the family.",
    ),
)

QUESTIONS: dict[RespondentType, tuple[Question, ...]] = {
    RespondentType.PARENT_CARER: PARENT_QUESTIONS,
    RespondentType.CHILD: CHILD_QUESTIONS,
    RespondentType.PROFESSIONAL: PROFESSIONAL_QUESTIONS,
}

BY_KEY: dict[str, Question] = {q.key: q for qs in QUESTIONS.values() for q in qs}
TYPE_OF_KEY: dict[str, RespondentType] = {q.key: kind for kind, qs in QUESTIONS.items() for q in qs}

FREE_TEXT_MAX = 2000
