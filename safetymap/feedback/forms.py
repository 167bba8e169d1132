from __future__ import annotations

from typing import Any

from django import forms

from safetymap.accounts.organisation_types import OrganisationType
from safetymap.core.govuk_forms import text_area
from safetymap.feedback.models import RESPONDENT_CHOICES, MeetingKind
from safetymap.feedback.questions import FREE_TEXT_MAX, QUESTIONS, RespondentType

WITHOUT_NAME, WITH_NAME = "without", "with"


class FeedbackForm(forms.Form):
    """The form for one respondent type, built from questions.py, in the order given there."""

    def __init__(self, *args: Any, respondent_type: RespondentType, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.respondent_type = respondent_type
        is_child = respondent_type == RespondentType.CHILD
        for question in QUESTIONS[respondent_type]:
            if question.is_free_text:
                self.fields[question.key] = text_area(
                    question.text, required=False, hint=question.hint, max_length=FREE_TEXT_MAX
                )
                continue
            self.fields[question.key] = forms.TypedChoiceField(
                label=question.text,
                choices=[(choice.value, choice.label) for choice in question.scale],
                coerce=int,
                widget=forms.RadioSelect,
                help_text=question.hint,
                error_messages={
                    "required": "Choose an answer"
                    if is_child
                    else f"Select an answer for: {question.text}"
                },
            )
        if respondent_type == RespondentType.PROFESSIONAL:
            self.fields["agency_type"] = forms.ChoiceField(
                label="What kind of agency do you work for?",
                choices=[("", "Choose an agency type"), *OrganisationType.choices],
                error_messages={"required": "Select the kind of agency you work for"},
            )
        self.fields["anonymous"] = forms.ChoiceField(
            label="Do you want to send your name with your answers?",
            choices=[
                (WITHOUT_NAME, "No, send my answers without my name"),
                (WITH_NAME, "Yes, send my name with my answers"),
            ],
            widget=forms.RadioSelect,
            help_text=(
                "If you do not send your name, nobody can tell which answers are yours."
                if is_child
                else "Without your name, nobody can tell which answers are yours. If only a few "
                "people answer, someone might still guess."
            ),
            error_messages={"required": "Choose if you want to send your name"},
        )
        if not is_child:
            self.fields["consent_to_contact"] = forms.BooleanField(
                label="You may contact me about my answers",
                required=False,
                help_text="Only if you send your name.",
            )

    def question_fields(self) -> list[forms.BoundField]:
        return [self[question.key] for question in QUESTIONS[self.respondent_type]]

    def answers(self) -> dict[str, Any]:
        return {
            question.key: self.cleaned_data.get(question.key)
            for question in QUESTIONS[self.respondent_type]
        }

    def is_anonymous(self) -> bool:
        return self.cleaned_data["anonymous"] == WITHOUT_NAME


def child_questions(form: FeedbackForm) -> list[dict[str, Any]]:
    """What the children's form draws for each question: the field and its choices, each with
    its face. Ids follow GOV.UK Frontend's radios (the first is the field's id) so the error
    summary's links land on the first choice."""
    out = []
    for question in QUESTIONS[form.respondent_type]:
        field = form[question.key]
        chosen = "" if field.value() is None else str(field.value())
        base = field.auto_id
        out.append(
            {
                "field": field,
                "question": question,
                "choices": [
                    {
                        "id": base if index == 0 else f"{base}-{index + 1}",
                        "value": choice.value,
                        "label": choice.label,
                        "face": choice.face,
                        "checked": chosen == str(choice.value),
                    }
                    for index, choice in enumerate(question.scale)
                ],
            }
        )
    return out


class WrittenAnswersFilterForm(forms.Form):
    respondent_type = forms.ChoiceField(
        label="Written by", required=False, choices=[("", "Anyone"), *RESPONDENT_CHOICES]
    )
    meeting_kind = forms.ChoiceField(
        label="About", required=False, choices=[("", "Any meeting"), *MeetingKind.choices]
    )
