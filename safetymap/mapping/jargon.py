"""The default list of professional words to avoid in what families read (domain.md §2.3, R18).

Each entry maps a term to a plain alternative, or to a prompt when the honest replacement is to
describe what happened rather than swap one word for another. Suggestions are written to follow
"‘term’ is a label: …" or "‘term’ is an abbreviation a family may not know: …".

Matching rules live in ``plain_language``: terms with no lower-case letters (``LAC``, ``CP``) are
abbreviations matched case-sensitively; everything else matches whole words in any case, with
hyphens or spaces between words and simple plurals. A deployment extends or trims this list with
``settings.SAFETYMAP_JARGON`` rather than editing it.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

_SAY_WHAT_HAPPENED = "say what happened, for example ‘Dad hit Mum when he had been drinking’"
_SAY_WHAT_WENT_WITHOUT = (
    "say what the child went without, for example ‘there was no food in the house on three visits’"
)

# Read-only so no caller can change the defaults for everyone else in the process.
DEFAULT_JARGON: Final[Mapping[str, str]] = MappingProxyType(
    {
        # Labels for harm: Signs of Safety asks for the behaviour, not the category.
        "domestic violence": _SAY_WHAT_HAPPENED,
        "domestic abuse": _SAY_WHAT_HAPPENED,
        "neglect": _SAY_WHAT_WENT_WITHOUT,
        "neglected": _SAY_WHAT_WENT_WITHOUT,
        "neglectful": _SAY_WHAT_WENT_WITHOUT,
        "emotional abuse": (
            "say what was said or done to the child and how it affected them, for example "
            "‘Mum calls Amy stupid and Amy has stopped talking at home’"
        ),
        "physical abuse": "say who hurt the child, how, and what injury it left",
        "substance misuse": (
            "say what was taken, how often and what happened, for example ‘Mum smoked cannabis "
            "most evenings and did not wake up when the baby cried’"
        ),
        "alcohol misuse": (
            "say how much was drunk and what happened, for example ‘Dad drank most of a bottle "
            "of vodka and fell asleep while Sam was in the bath’"
        ),
        "poor parenting": (
            "say what the parent did or did not do, for example ‘no one took Sam to school on "
            "12 days this term’"
        ),
        "disguised compliance": (
            "say what was agreed and what happened, for example ‘Dad said he would go to the "
            "drinking service and has not been’"
        ),
        "non-engagement": (
            "say what was offered and what happened, for example ‘Mum was not in for the last "
            "three visits’"
        ),
        "lack of engagement": (
            "say what was offered and what happened, for example ‘Mum was not in for the last "
            "three visits’"
        ),
        "chaotic lifestyle": (
            "say what happens day to day, for example ‘the children often do not know who will "
            "collect them from school’"
        ),
        "toxic trio": (
            "write about each worry on its own, saying what happened, for example the drinking, "
            "the fighting or someone feeling very low"
        ),
        "risk of significant harm": (
            "say what you are worried could happen to the child if nothing changes"
        ),
        "significant harm": "say what has happened, or could happen, to the child",
        "inappropriate": "say what was done or said, and why it worries you",
        "inappropriately": "say what was done or said, and why it worries you",
        "concerns": "say who is worried and what about, for example ‘the school is worried that’",
        "safeguarding concerns": "say who is worried and what has happened to make them worried",
        "failure to thrive": "say ‘not growing or putting on weight as expected’",
        "hostile": (
            "say what the person said or did, for example ‘Dad shouted and swore at the social "
            "worker at the door’"
        ),
        "resistant": "say what the person said or did, and what they told you about why",
        "lack of insight": (
            "say what the parent has said about the worry, for example ‘Mum says the bruise was "
            "an accident’"
        ),
        "lack of boundaries": (
            "say what happens, for example ‘Jay is out after midnight and no one knows where he is’"
        ),
        "attachment issues": (
            "say what you see between the child and the parent, for example ‘Lily does not go to "
            "Mum when she is hurt’"
        ),
        "mental health issues": (
            "say what the person goes through and how it affects the children, for example ‘Mum "
            "stays in bed for days and the children get themselves to school’"
        ),
        "volatile relationship": (
            "say what happens when they argue, for example ‘Mum and Dad shout and throw things’"
        ),
        "parental capacity": "say what the parent can do for the child now, and what not yet",
        "vulnerable": "say what makes the child more likely to be hurt",
        "meets threshold": "say what has happened that means children’s services must be involved",
        "no further action": "say ‘we will not be doing anything more’ and why",
        # Abbreviations: spell out in everyday words.
        "DV": _SAY_WHAT_HAPPENED,
        "DA": _SAY_WHAT_HAPPENED,
        "LAC": "say ‘a child in care’ (a child the council looks after away from home)",
        "CLA": "say ‘a child in care’ (a child the council looks after away from home)",
        "CIN": "say ‘child in need’, and what help the family is getting",
        "CP": "say ‘child protection’",
        "ICPC": "say ‘the first child protection meeting’",
        "RCPC": "say ‘the review child protection meeting’",
        "MASH": "say ‘the team that first looks at worries about a child’",
        "s47": (
            "say ‘an enquiry by children’s services to find out if the child has been hurt or "
            "may be hurt’"
        ),
        "EH": "say ‘early help’ (support for the family before things get more serious)",
        "CAMHS": "say ‘the children’s mental health service’",
        "CSE": "say ‘child sexual exploitation’ and describe what adults did, in plain words",
        "CCE": "say ‘adults making the child carry or sell drugs or commit crimes for them’",
        "CSC": "say ‘children’s social care’",
        "SW": "say ‘social worker’",
        "HV": "say ‘health visitor’",
        "DSL": "say ‘the teacher in charge of keeping children safe at school’",
        "IRO": "say ‘the independent reviewing officer, who checks the plan is working’",
        "PLO": "say ‘a formal meeting with the council before it might go to court’",
        "NFA": "say ‘we will not be doing anything more’ and why",
        "FGC": "say ‘family group conference’ (a family meeting to make a plan)",
    }
)
