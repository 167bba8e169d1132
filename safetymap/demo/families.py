"""Fictional Larkford families at different points of the pathway. Every name is invented.

Dates are relative to the day the demo is loaded, so an unborn baby is always still expected.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from safetymap.cases.codes import ClosureReason, PrimaryNeed, ReferralSource
from safetymap.people.codes import Ethnicity, RelationshipType, Sex


@dataclass(frozen=True)
class DemoChild:
    la_child_id: str
    first_name: str
    last_name: str
    sex: str
    ethnicity: str
    age_days: int | None = None  # None: unborn
    due_in_days: int | None = None
    known_as: str = ""
    nhs_number: str = ""
    first_language: str = "English"
    interpreter_needed: bool = False


@dataclass(frozen=True)
class DemoAdult:
    first_name: str
    last_name: str
    relationship: str
    has_parental_responsibility: bool = False
    lives_in_household: bool = True
    contact_arrangements: str = ""


@dataclass(frozen=True)
class DemoEpisode:
    referred_days_ago: int
    source: str
    primary_need: str
    allocated_to: str | None  # a demo user's email; None: waiting in the team's queue
    closed_days_ago: int | None = None
    closure_reason: str = ""


@dataclass(frozen=True)
class DemoFamily:
    household: str
    children: tuple[DemoChild, ...]
    adults: tuple[DemoAdult, ...]
    episode: DemoEpisode
    notes: str = field(default="")


SOCIAL_WORKER = "social.worker@larkford.example"

FAMILIES: tuple[DemoFamily, ...] = (
    DemoFamily(
        household="Amara and Tobi's home with Mum",
        children=(
            DemoChild(
                "LRK0000101",
                "Amara",
                "Fictional-Okafor",
                Sex.FEMALE,
                Ethnicity.AFRICAN,
                age_days=7 * 365 + 40,
                nhs_number="9434765919",
            ),
            DemoChild(
                "LRK0000102",
                "Tobi",
                "Fictional-Okafor",
                Sex.MALE,
                Ethnicity.AFRICAN,
                age_days=4 * 365 + 100,
                known_as="Tobs",
            ),
        ),
        adults=(
            DemoAdult("Grace", "Fictional-Okafor", RelationshipType.MOTHER, True),
            DemoAdult(
                "Daniel",
                "Fictional-Okafor",
                RelationshipType.FATHER,
                True,
                lives_in_household=False,
                contact_arrangements="Saturdays at Nan's house, supervised by Nan",
            ),
            DemoAdult(
                "Comfort",
                "Fictional-Adeyemi",
                RelationshipType.GRANDPARENT,
                lives_in_household=False,
            ),
        ),
        episode=DemoEpisode(30, ReferralSource.SCHOOLS, PrimaryNeed.N1, SOCIAL_WORKER),
    ),
    DemoFamily(
        household="Leah's flat",
        children=(
            DemoChild(
                "LRK0000201",
                "Baby",
                "Fictional-Brightwater",
                Sex.NOT_KNOWN,
                Ethnicity.WHITE_BRITISH,
                due_in_days=70,
            ),
        ),
        adults=(DemoAdult("Leah", "Fictional-Brightwater", RelationshipType.MOTHER, True),),
        episode=DemoEpisode(12, ReferralSource.HEALTH_OTHER, PrimaryNeed.N3, SOCIAL_WORKER),
    ),
    DemoFamily(
        household="The Fictional-Hussain-Reid home",
        children=(
            DemoChild(
                "LRK0000301",
                "Zara",
                "Fictional-Hussain-Reid",
                Sex.FEMALE,
                Ethnicity.WHITE_AND_ASIAN,
                age_days=9 * 365 + 200,
            ),
            DemoChild(
                "LRK0000302",
                "Musa",
                "Fictional-Hussain-Reid",
                Sex.MALE,
                Ethnicity.WHITE_AND_ASIAN,
                age_days=6 * 365 + 30,
                first_language="Urdu",
                interpreter_needed=False,
            ),
        ),
        adults=(
            DemoAdult("Samira", "Fictional-Hussain", RelationshipType.MOTHER, True),
            DemoAdult("Callum", "Fictional-Reid", RelationshipType.FATHER, True),
        ),
        episode=DemoEpisode(330, ReferralSource.POLICE, PrimaryNeed.N1, SOCIAL_WORKER),
    ),
    DemoFamily(
        household="Kacper's home",
        children=(
            DemoChild(
                "LRK0000401",
                "Kacper",
                "Fictional-Nowak",
                Sex.MALE,
                Ethnicity.WHITE_OTHER,
                age_days=12 * 365 + 10,
                first_language="Polish",
                interpreter_needed=True,
            ),
        ),
        adults=(DemoAdult("Agnieszka", "Fictional-Nowak", RelationshipType.MOTHER, True),),
        episode=DemoEpisode(
            400,
            ReferralSource.SCHOOLS,
            PrimaryNeed.N4,
            SOCIAL_WORKER,
            closed_days_ago=340,
            closure_reason=ClosureReason.RC8,
        ),
    ),
)

# Rio: the front door decided on a police notification yesterday; the episode waits in the
# Assessment team's queue for the team manager to allocate (nobody holds it yet).
QUEUED = DemoFamily(
    household="Rio's home",
    children=(
        DemoChild(
            "LRK0000501",
            "Rio",
            "Fictional-Marsh",
            Sex.MALE,
            Ethnicity.WHITE_BRITISH,
            age_days=11 * 365 + 100,
        ),
    ),
    adults=(DemoAdult("Jade", "Fictional-Marsh", RelationshipType.MOTHER, True),),
    episode=DemoEpisode(1, ReferralSource.POLICE, PrimaryNeed.N1, None),
)
FAMILIES = (*FAMILIES, QUEUED)

TEAMS = {
    "Assessment team": {
        "members": (SOCIAL_WORKER, "front.door@larkford.example"),
        "manager": "team.manager@larkford.example",
        "service_manager": "service.manager@larkford.example",
        "receives_new_referrals": True,
    },
}


def birth_date(child: DemoChild, today: datetime.date) -> datetime.date | None:
    return today - datetime.timedelta(days=child.age_days) if child.age_days is not None else None


def due_date(child: DemoChild, today: datetime.date) -> datetime.date | None:
    return today + datetime.timedelta(days=child.due_in_days) if child.due_in_days else None


# The pathway each family has been through so far, as days after the referral.
# Zara and Musa: a strategy discussion, a section 47 enquiry, then child protection plans with
# core groups and two review conferences. Amara and Tobi: an assessment in progress.
ON_A_PLAN = ("LRK0000301", "LRK0000302")
IN_ASSESSMENT = ("LRK0000101", "LRK0000102")
# Tobi's assessment is complete and waiting for the team manager to authorise its outcome.
ASSESSMENT_WAITING_FOR_AUTHORISATION = "LRK0000102"
FRONT_DOOR = "front.door@larkford.example"
# Leah's unborn baby: a child in need plan supporting Leah before the birth, its first review
# (R7, every 4 weeks by default) coming up.
ON_A_CHILD_IN_NEED_PLAN = "LRK0000201"
CIN_PLAN_STARTED_DAYS_AGO = 10
# What needs to happen on the baby's plan: (what, who, by when and done, as days from today;
# None: not done yet, "WORKER": the allocated social worker, on their My work). One is overdue.
CIN_PLAN_ACTIONS = (
    (
        "Leah and the midwife make a plan for the first two weeks after the birth: who stays "
        "over, and who Leah rings if she feels low.",
        "Leah Fictional-Brightwater, with Mo Fictional-Midwife (Larkford Maternity)",
        -3,
        None,
    ),
    (
        "Leah applies for the maternity grant, with help from the family support project.",
        "Jo Fictional-Support, Larkford Family Support Project",
        -1,
        -2,
    ),
    (
        "Meet Leah's mum and her friend Kim, to ask them to be part of Leah's safety network.",
        "WORKER",
        7,
        None,
    ),
)
# A visit to Leah at home (the baby is not born yet, so not seen), as days before today.
CIN_PLAN_VISIT_DAYS_AGO = 4
PLAN_STARTS_AFTER_REFERRAL = 19
REVIEWS_AFTER_PLAN_START = (88, 270)
CORE_GROUPS_AFTER_PLAN_START = (9, 50, 92, 134, 176, 218, 260, 302)

# A new contact the front door has not decided on yet: Kacper's school is worried again.
NEW_CONTACT_ABOUT = "LRK0000401"


# Signs of Safety maps: one for each meeting on Zara and Musa's plan, so the trajectory moves,
# and a draft at Amara and Tobi's assessment. Scaling is (family, child, network, professionals).
MAP_MEETINGS = (  # context, days after the plan started, ratings by group
    ("ICPC", 0, {"FAMILY": (4, 3), "CHILD": (3,), "PROFESSIONAL": (2, 3, 2)}),
    ("RCPC", 88, {"FAMILY": (6, 5), "CHILD": (5,), "NETWORK": (6,), "PROFESSIONAL": (4, 5, 4)}),
    ("RCPC", 270, {"FAMILY": (7, 7), "CHILD": (7,), "NETWORK": (7,), "PROFESSIONAL": (6, 6, 5)}),
)
# R24: what the chair recorded about the low professional ratings at the initial conference.
ESCALATION_ACTION = (
    "Discussed with the team manager after the conference: the plan was made that day, police "
    "will tell the social worker of any call-out within 24 hours, and the first core group "
    "checks the safety plan."
)
RATERS = {
    "FAMILY": ("Samira (Mum)", "Callum (Dad)"),
    "CHILD": ("Zara",),
    "NETWORK": ("Auntie Noor",),
    "PROFESSIONAL": ("Dana, Meadowbank Primary", "Pat, Northshire Police", "Hana, health visitor"),
}
DANGER = {
    "who_is_worried": "Children's social care, Meadowbank Primary School, the police and the "
    "health visitor",
    "what_happened": "Twice in October, when Callum and Samira argued, Callum shouted, threw a "
    "plate and pushed Samira against the wall. Zara and Musa were in the next room. Zara rang "
    "the police the second time",
    "worry_if_nothing_changes": "Zara and Musa could be hurt if they are close by, and grow up "
    "frightened at home and believing that hurting people you love is normal",
    "acknowledged_safety": "Callum and Samira have both said they want the children to feel safe "
    "at home",
    "family_position": "PARTLY",
    "dispute_text": "Callum agrees he shouted and threw the plate. He says he did not push Samira.",
}
GOAL = {
    "what_will_be_happening": "Callum and Samira sort out disagreements without shouting, "
    "throwing or pushing. When Callum feels angry he goes to his brother's flat until he is "
    "calm. Auntie Noor checks in with Zara every Sunday",
    "what_the_child_will_experience": "Zara and Musa will feel calm at home and know who to call "
    "if they are frightened",
    "what_professionals_need_to_see": "No police call-outs; the children tell school and Auntie "
    "Noor they feel safe; the safety plan is followed",
    "for_how_long": "6 months",
}
MAP_ITEMS = (
    (
        "PAST_HARM",
        "Police were called to the home twice in October after fights between Callum and Samira.",
        "Police notification",
    ),
    (
        "COMPLICATING_FACTOR",
        "Callum drinks more when he is out of work, and the arguments are worse then.",
        "Samira",
    ),
    ("GREY_AREA", "Zara has missed school on Mondays; we do not yet know why.", "School"),
    ("EXISTING_STRENGTH", "Zara and Musa are close and look after each other.", "School"),
    (
        "EXISTING_SAFETY",
        "The second time, Samira took the children to Auntie Noor's house straight "
        "away and they stayed there until Callum was calm.",
        "Samira and Auntie Noor",
    ),
    (
        "NEXT_STEP",
        "Meet Auntie Noor and Callum's brother to agree their part in the safety plan.",
        "Sam Social-Worker",
    ),
)
