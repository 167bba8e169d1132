"""One form per tool: the common questions (date, who was there, consent, the child's
permission to share), then the tool's own. Lists are typed one entry a line."""

from __future__ import annotations

from django import forms

from safetymap.core.govuk_forms import date_field, text_area
from safetymap.voice.codes import Audience, Figure, ParentalConsent, ShareScope, Tool
from safetymap.voice.codes import WordsAndPicturesType as WPType

ONE_A_LINE = "One a line, in the child's own words"


def _lines(label: str, hint: str = ONE_A_LINE, required: bool = False) -> forms.CharField:
    return text_area(label, required=required, hint=hint, rows=4)


def _radios(label: str, choices, message: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": message},
    )


class CommonVoiceForm(forms.Form):
    held_on = date_field("When did you do this with the child?")
    others_present = text_area("Who else was there?", required=False, rows=2)
    parental_consent = _radios(
        "Did a parent or carer agree to this work with the child?",
        ParentalConsent.choices,
        "Select whether a parent or carer agreed",
    )
    consent_note = text_area(
        "About consent",
        required=False,
        rows=2,
        hint="Who agreed and how, or why it went ahead without consent",
    )
    verbatim = forms.BooleanField(
        label="These are the child's exact words (not written in my words)",
        required=False,
        initial=True,
    )
    share_scope = _radios(
        "Who did the child agree can see this?",
        ShareScope.choices,
        "Select who the child agreed can see this",
    )
    share_exclusions = text_area(
        "Anyone the child does not want to see it",
        required=False,
        rows=2,
        hint="One a line: a name, or a professional's email address",
    )
    prompts_used = text_area(
        "Questions and prompts you used",
        required=False,
        rows=2,
        hint="So others know how the child's words came about",
    )
    follow_up = text_area("What will you do next?", required=False, rows=2)


class ThreeHousesForm(CommonVoiceForm):
    worries_name = forms.CharField(
        label="The child's name for the House of Worries (optional)", required=False, max_length=100
    )
    worries = _lines("House of Worries")
    good_things_name = forms.CharField(
        label="The child's name for the House of Good Things (optional)",
        required=False,
        max_length=100,
    )
    good_things = _lines("House of Good Things")
    dreams_name = forms.CharField(
        label="The child's name for the House of Dreams (optional)", required=False, max_length=100
    )
    dreams = _lines("House of Dreams")
    trusted_adults = _lines("Grown-ups the child trusts")
    who_listens = _lines("Who listens to the child")
    who_frightens = _lines("Who frightens the child")


class FairyWizardForm(CommonVoiceForm):
    figure = _radios("Which did the child choose?", Figure.choices, "Select what the child chose")
    good_things = _lines("Good things")
    worries = _lines("Worries")
    dreams = _lines("Wishes")


class SafetyHouseForm(CommonVoiceForm):
    lives_with_me = _lines("Who lives in my Safety House")
    visitors = _lines(
        "Who visits, and on what conditions",
        hint="One a line, for example: Nan, any time. Dad, when Nan is there",
    )
    house_rules = _lines("The rules of my Safety House (the roof)")
    not_safe_with = _lines(
        "Who I don't feel safe with, and any conditions",
        hint="One a line, for example: Uncle Ray, only with a safety person there",
    )
    path_position = forms.IntegerField(
        label="Where the child is on the safety path (optional)",
        help_text="0 is far from the house, 10 is safe inside it",
        required=False,
        min_value=0,
        max_value=10,
        error_messages={
            "min_value": "Where the child is on the safety path must be 0 to 10",
            "max_value": "Where the child is on the safety path must be 0 to 10",
            "invalid": "Enter a number from 0 to 10",
        },
    )
    path_words = _lines("What the child said about where they are on the path", hint="")


class DirectQuoteForm(CommonVoiceForm):
    words = text_area("What the child said", hint="Exactly as they said it", rows=4)
    said_when = text_area(
        "When and where they said it", required=False, rows=2, hint="And what led to it"
    )


FORMS = {
    Tool.THREE_HOUSES: ThreeHousesForm,
    Tool.FAIRY_WIZARD: FairyWizardForm,
    Tool.SAFETY_HOUSE: SafetyHouseForm,
    Tool.DIRECT_QUOTE: DirectQuoteForm,
}
# How each tool is named in its web address.
SLUGS = {
    "three-houses": Tool.THREE_HOUSES,
    "fairy-wizard": Tool.FAIRY_WIZARD,
    "safety-house": Tool.SAFETY_HOUSE,
    "own-words": Tool.DIRECT_QUOTE,
}
SLUG_OF = {tool: slug for slug, tool in SLUGS.items()}


class DrawingForm(forms.Form):
    file = forms.FileField(
        label="Upload the drawing",
        help_text="A photo or scan, saved as PNG, JPEG or WebP",
        error_messages={"required": "Select a drawing to upload"},
    )
    caption = forms.CharField(
        label="What is it?",
        max_length=300,
        help_text="For example: Amara's drawing of her three houses",
        error_messages={"required": "Say what the drawing is"},
    )


class OverrideForm(forms.Form):
    audience = _radios(
        "Who does this need to be shared with?",
        Audience.choices,
        "Select who this needs to be shared with",
    )
    reason = text_area(
        "What is the safeguarding reason?",
        hint="Why sharing beyond what the child agreed is needed to keep them safe",
        rows=4,
    )


class WordsAndPicturesForm(forms.Form):
    wp_type = _radios("What is it for?", WPType.choices, "Select what it is for")
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example: Amara's story: why the social worker visits",
        error_messages={"required": "Enter a title"},
    )
    whos_worried = text_area("Who's worried?", rows=3)
    what_worried_about = text_area("What are they worried about?", rows=4)
    what_happened_then = text_area("What happened then?", required=False, rows=4)
    what_we_are_doing = text_area("What are we doing about the worries?", rows=4)
    drafted_on = date_field("When was it drafted?")
    parents_agreed_on = date_field(
        "When did the parents agree the words? (optional)", required=False
    )
    parents_wording = text_area(
        "Words the parents asked for",
        required=False,
        rows=2,
        hint="For example, the words the family uses for an illness",
    )
    disagreements_note = text_area("What the parents disagree with", required=False, rows=2)
    shared_with_child_on = date_field(
        "When was it shared with the child? (optional)", required=False
    )
    shared_by = forms.CharField(
        label="Who shared it with the child? (optional)", required=False, max_length=300
    )
    how_shared = text_area(
        "How was it shared?",
        required=False,
        rows=2,
        hint="For example: read together at home with Mum, and Amara kept a copy",
    )
    network_shown = text_area("Who in the safety network has seen it?", required=False, rows=2)
    share_scope = _radios(
        "Who did the child agree can see this?",
        ShareScope.choices,
        "Select who the child agreed can see this",
    )
    share_exclusions = text_area(
        "Anyone the child does not want to see it",
        required=False,
        rows=2,
        hint="One a line: a name, or a professional's email address",
    )


class PageForm(forms.Form):
    text = text_area(
        "The words on this page", hint="Short sentences a child could read or have read to them"
    )
    picture = forms.FileField(
        label="A picture for this page (optional)",
        help_text="PNG, JPEG or WebP",
        required=False,
    )
