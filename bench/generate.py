"""The benchmark's fictional council: children, the people around them, teams and episodes, made
through the project's own models, with realistic name frequencies and a labelled query set.

    python bench/generate.py --tier small            # ~2,000 children, into DATABASE_URL
    python bench/generate.py --tier council --seed 7 # 20,000 children, 60,000 people

From code (the tests, bench/search.py)::

    plan = plan_council(TIERS["small"], seed=16)   # pure Python, deterministic for the seed
    made = write(plan)                             # bulk_create into the configured database
    queries = labelled_queries(plan, seed=16)      # what a practitioner would type, and who

Two steps so a run can reuse a database made earlier: the plan is made again from the seed (in
a second or so) and gives the same queries, while the database keeps the records. Records are
named by their council reference (``la_child_id``), never by primary key.

What it makes, and why (issue 16; issue 17 adds notes, maps and audit rows as further steps of
``write`` from the same plan):

- families of one to five children sharing a surname (half-siblings sometimes not), twins (same
  date of birth, different first names), cousins with the same surname and first name, a few
  double-barrelled surnames, known-as names, former names, and 1% duplicate records of a child
  (recorded twice, slightly differently: the 'true duplicates' of the evaluation);
- names drawn with heavy-tailed frequencies from bench/names.py, spelled as records spell them
  (Mohammed, Muhammad, Mohamed; Wiśniewska and Wisniewska);
- adults and other children in each family's network (Person, Relationship), a household and
  address per family, schools and GP practices, teams of workers, and episodes (some open, with
  an allocation) for about 40% of children;
- NHS numbers in the 999 range (never issued: kept for testing) with a valid check digit, a
  UPN for some school-age children (LA code 999), a council reference for every child;
- search keys from ``safetymap.people.services.search_keys_of``, so new key kinds are used.

Everything is fictional: names are joined at random, emails are @fictional.example.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import time
import unicodedata
from bisect import bisect
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
    import django

    django.setup()

from bench.names import (  # noqa: E402
    COMMUNITIES,
    NICKNAMES,
    OTHER_SPELLINGS,
    SPELLINGS,
    STREET_KINDS,
    STREETS,
    TOWN,
    Community,
)
from safetymap.people.identifiers import nhs_number_problem, upn_check_letter  # noqa: E402
from safetymap.people.matching import fold  # noqa: E402
from safetymap.people.name_variants import VARIANT_GROUPS  # noqa: E402

# Bump when the generator changes what it makes: a database made by another version is not
# reused (bench/search.py looks for the marker organisation that carries it).
GENERATOR_VERSION = 3  # 3: case notes, maps, safety plans, conferences and audit rows (issue 17)

# Children's ages are worked out from this day (the day the fictional records are read).
TODAY = datetime.date(2026, 9, 1)
FICTIONAL_EMAIL_DOMAIN = "fictional.example"
# NHS numbers beginning 999 are never issued to patients (kept for testing); UPNs use LA 999.
NHS_TEST_PREFIX = "999"
UPN_LA_CODE = "999"


@dataclass(frozen=True)
class Tier:
    name: str
    children: int  # child records, duplicates included
    people: int  # adults and other children in the children's networks
    queries_per_kind: int
    schools: int = 40
    gp_practices: int = 15
    teams: int = 8  # case-holding teams, each of TEAM_SIZE workers and a manager
    front_door: int = 6
    audit_events: int = 20_000  # rows of audit trail written by COPY (PostgreSQL)


TEAM_SIZE = 15

TIERS: dict[str, Tier] = {
    "tiny": Tier("tiny", children=300, people=900, queries_per_kind=20, schools=5, teams=2),
    "small": Tier("small", children=2_000, people=6_000, queries_per_kind=60),
    "council": Tier(
        "council", children=20_000, people=60_000, queries_per_kind=200, audit_events=5_000_000
    ),
    # Several councils' worth in one database (docs/scaling.md); not run by default.
    "regional": Tier(
        "regional",
        children=100_000,
        people=300_000,
        queries_per_kind=200,
        schools=200,
        gp_practices=75,
        teams=40,
        front_door=30,
        audit_events=20_000_000,
    ),
}

DUPLICATE_SHARE = 0.01
TWIN_SHARE = 0.03  # of births
COUSIN_FAMILY_SHARE = 0.12  # families who share a surname and first names with another
KNOWN_AS_SHARE = 0.10
FORMER_NAME_SHARE = 0.02
NHS_SHARE = 0.85
UPN_SHARE = 0.6  # of children aged 4 and over
EPISODE_SHARE = 0.4
OPEN_EPISODE_SHARE = 0.25  # of those with an episode
UNBORN_SHARE = 0.005
ESTIMATED_DOB_SHARE = 0.01
# First names are drawn less steeply than surnames: a community's lists are short, and a steeper
# draw would give its most popular name far more than the 2–5% of children it has in practice.
FIRST_NAME_EXPONENT = 0.5


# --- The plan: pure Python, the same for the same seed ------------------------------------------


@dataclass
class ChildPlan:
    n: int  # 1, 2, 3… in the order made
    la_child_id: str
    family: int
    community: str
    first_name: str
    last_name: str
    sex: str  # Sex codes: "1" male, "2" female
    ethnicity: str
    date_of_birth: datetime.date | None
    date_of_birth_is_estimated: bool = False
    expected_date_of_birth: datetime.date | None = None
    known_as: str = ""
    previous_names: list[tuple[str, str]] = field(default_factory=list)  # (first name, surname)
    nhs_number: str = ""
    upn: str = ""
    school: int | None = None  # index into the plan's schools
    gp: int | None = None
    duplicate_of: int | None = None  # the n of the child this record is a second record of
    twin_of: int | None = None


@dataclass
class PersonPlan:
    family: int
    first_name: str
    last_name: str
    sex: str
    date_of_birth: datetime.date | None
    relationship_type: str  # RelationshipType value
    has_parental_responsibility: bool = False
    lives_in_household: bool = False
    known_as: str = ""


@dataclass
class FamilyPlan:
    n: int
    community: str
    surname: str
    address: tuple[str, str, str]  # line 1, town, postcode
    children: list[int] = field(default_factory=list)  # child n
    people: list[int] = field(default_factory=list)  # index into plan.people


@dataclass
class EpisodePlan:
    child: int  # child n
    referral_date: datetime.date
    referral_source: str
    closure_date: datetime.date | None
    closure_reason: str
    team: int  # index into the case-holding teams
    worker: int  # index of the worker within the team


@dataclass
class Plan:
    tier: Tier
    seed: int
    prefix: str
    children: list[ChildPlan]
    people: list[PersonPlan]
    families: list[FamilyPlan]
    episodes: list[EpisodePlan]

    @property
    def marker(self) -> str:
        """The name of the organisation that marks a database made from this plan."""
        return (
            f"Benchmark council (fictional): {self.tier.name} tier, seed {self.seed}, "
            f"generator {GENERATOR_VERSION}"
        )

    def child(self, n: int) -> ChildPlan:
        return self.children[n - 1]

    def records_of(self, n: int) -> frozenset[str]:
        """Council references of every record of one child: their own and their duplicates'."""
        return self._records_of.get(n, frozenset({self.child(n).la_child_id}))

    def __post_init__(self) -> None:
        records: dict[int, set[str]] = defaultdict(set)
        for child in self.children:
            original = child.duplicate_of or child.n
            records[original].add(child.la_child_id)
        self._records_of = {n: frozenset(refs) for n, refs in records.items()}


class _Zipf:
    """Draws from a list most-common-first with weights 1/rank^s (heavy-tailed)."""

    def __init__(self, items: Sequence[str], exponent: float, first_boost: float = 1.0) -> None:
        weights = [1 / (rank**exponent) for rank in range(1, len(items) + 1)]
        if weights:
            weights[0] *= first_boost
        self.items = list(items)
        self.cumulative = list(accumulate(weights))

    def draw(self, rng: random.Random) -> str:
        return self.items[bisect(self.cumulative, rng.random() * self.cumulative[-1])]


def _strip_marks(text: str) -> str:
    """Wiśniewska to Wisniewska, Yılmaz to Yilmaz: as a record typed without accents has it."""
    text = text.translate(str.maketrans({"ł": "l", "Ł": "L", "ı": "i", "İ": "I"}))
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _spelled(rng: random.Random, name: str) -> str:
    """The name as this record spells it."""
    spellings = SPELLINGS.get(name)
    if spellings:
        return rng.choices([s for s, _ in spellings], [w for _, w in spellings])[0]
    if name != _strip_marks(name) and rng.random() < 0.4:
        return _strip_marks(name)
    if name.startswith("O'") and rng.random() < 0.15:
        return rng.choice(["O", "O "]) + name[2:]
    return name


class _Community:
    """A community's name draws, prepared once."""

    def __init__(self, community: Community) -> None:
        self.c = community
        # Mohammed, in its spellings, is given to about a quarter of boys in these communities.
        boost = 3.0 if community.boys[0] in {"Mohammed", "Mohamed"} else 1.0
        self.surnames = _Zipf(community.surnames, community.surname_exponent)
        self.boys = _Zipf(community.boys, FIRST_NAME_EXPONENT, boost)
        self.girls = _Zipf(community.girls, FIRST_NAME_EXPONENT)
        self.tail = [p + s for p in community.tail[0] for s in community.tail[1]]
        # Begum far more often than Sultana: the first of these is the most common.
        self.girls_surnames = _Zipf(community.girls_surnames, 1.0)
        self.boys_surnames = _Zipf(community.boys_surnames, 1.0)

    def surname(self, rng: random.Random) -> str:
        if self.c.surname_from_father:
            return _spelled(rng, self.boys.draw(rng))
        if self.tail and rng.random() < self.c.tail_share:
            return rng.choice(self.tail)
        return self.surnames.draw(rng)

    def first_name(self, rng: random.Random, sex: str) -> str:
        name = (self.boys if sex == "1" else self.girls).draw(rng)
        if name in {"Mohammed", "Mohamed"} and rng.random() < 0.15:
            # Compound first names: Mohammed Yusuf, Mohammed Ali.
            second = self.boys.draw(rng)
            if second not in {"Mohammed", "Mohamed"}:
                return f"{_spelled(rng, name)} {_spelled(rng, second)}"
        return _spelled(rng, name)

    def child_surname(self, rng: random.Random, family_surname: str, sex: str) -> str:
        c = self.c
        gendered = not c.gendered_surname_families or family_surname in c.gendered_surname_families
        if gendered and c.girls_surnames and sex == "2" and rng.random() < 0.5:
            return self.girls_surnames.draw(rng)
        if gendered and c.boys_surnames and sex == "1" and rng.random() < 0.5:
            return self.boys_surnames.draw(rng)
        if c.polish_gender and sex == "2" and family_surname.endswith("ski"):
            return family_surname[:-3] + "ska"
        return family_surname


def _short_forms() -> dict[str, list[str]]:
    """Full name (folded) to the short forms the product's variant table gives it."""
    forms: dict[str, list[str]] = {}
    for group in VARIANT_GROUPS:
        full, *others = group
        shorter = [
            o for o in others if len(o) < len(full) and o not in OTHER_SPELLINGS.get(full, ())
        ]
        if shorter:
            forms[full] = shorter
    return forms


_SHORT_FORMS = _short_forms()


def _known_as(rng: random.Random, first_name: str) -> str:
    forms = _SHORT_FORMS.get(fold(first_name.split()[0]))
    if forms and rng.random() < 0.7:
        return rng.choice(forms).capitalize()
    return rng.choice(NICKNAMES)


def _nhs_number(rng: random.Random, used: set[str]) -> str:
    while True:
        candidate = NHS_TEST_PREFIX + f"{rng.randrange(1_000_000):06d}"
        total = sum(int(d) * w for d, w in zip(candidate, range(10, 1, -1), strict=True))
        check = (11 - total % 11) % 11
        if check == 10:
            continue
        number = candidate + str(check)
        if number not in used:
            used.add(number)
            assert nhs_number_problem(number) is None
            return number


def _upn(rng: random.Random, school: int, year: int, used: set[str]) -> str:
    while True:
        rest = f"{UPN_LA_CODE}{2000 + school:04d}{year % 100:02d}{rng.randrange(1000):03d}"
        if rest not in used:
            used.add(rest)
            return upn_check_letter(rest) + rest


def _days(rng: random.Random, low: int, high: int) -> datetime.timedelta:
    return datetime.timedelta(days=rng.randint(low, high))


def plan_council(tier: Tier, seed: int = 16, prefix: str | None = None) -> Plan:
    """Everything the tier holds, decided from the seed alone (no database)."""
    if prefix is None:
        from django.conf import settings

        prefix = settings.SAFETYMAP_LA_CHILD_ID_PREFIX
    rng = random.Random(seed)
    communities = [_Community(c) for c in COMMUNITIES]
    shares = list(accumulate(c.share for c in COMMUNITIES))
    originals_wanted = tier.children - round(tier.children * DUPLICATE_SHARE)
    children: list[ChildPlan] = []
    families: list[FamilyPlan] = []
    # Two different children never share exactly a name and a date of birth: a search could not
    # tell them apart, so the labels would be a coin toss.
    taken: set[tuple[str, str, datetime.date | None]] = set()
    nhs_used: set[str] = set()
    upn_used: set[str] = set()
    by_community: dict[str, list[int]] = defaultdict(list)  # family indexes, for cousins

    def new_child(family: FamilyPlan, info: _Community, sex: str, first: str, born, **extra):
        last = info.child_surname(rng, family.surname, sex)
        if extra.pop("half_sibling", False):
            last = info.surname(rng)
        twin_of = extra.get("twin_of")
        while born is not None and (fold(first), fold(last), born) in taken:
            if twin_of:  # a twin keeps the other twin's birthday
                return None
            born += datetime.timedelta(days=1 + rng.randrange(20))
        if born is not None and born > TODAY:
            return None
        taken.add((fold(first), fold(last), born))
        n = len(children) + 1
        child = ChildPlan(
            n=n,
            la_child_id=f"{prefix}{n:07d}",
            family=family.n,
            community=info.c.name,
            first_name=first,
            last_name=last,
            sex=sex,
            ethnicity=rng.choice(info.c.ethnicities),
            date_of_birth=born,
            **extra,
        )
        children.append(child)
        family.children.append(n)
        return child

    while len(children) < originals_wanted:
        info = communities[bisect(shares, rng.random() * shares[-1])]
        c = info.c
        surname = info.surname(rng)
        cousins: FamilyPlan | None = None
        pool = by_community[c.name]
        if pool and rng.random() < COUSIN_FAMILY_SHARE:
            cousins = families[rng.choice(pool)]
            surname = cousins.surname
        elif c.double_barrelled and rng.random() < c.double_barrelled:
            second = communities[0].surname(rng)
            if second != surname:
                surname = f"{surname}{rng.choice(['-', '-', '-', ' '])}{second}"
        number = len(families) + 1
        street = f"{rng.randint(1, 180)} {rng.choice(STREETS)} {rng.choice(STREET_KINDS)}"
        postcode = f"LK{rng.randint(1, 19)} {rng.randint(1, 9)}" + "".join(
            rng.choices("ABDEFGHJLNPQRSTUWXYZ", k=2)
        )
        family = FamilyPlan(number, c.name, surname, (street, TOWN, postcode))
        families.append(family)
        pool.append(number - 1)

        births = rng.choices([1, 2, 3, 4, 5], [45, 30, 15, 7, 3])[0]
        born = TODAY - _days(rng, 0, 18 * 365 - 1)
        for birth in range(births):
            if birth:
                born = born + _days(rng, 330, 5 * 365)
            if born > TODAY:
                break
            estimated = rng.random() < ESTIMATED_DOB_SHARE
            dob = datetime.date(born.year, 7, 1) if estimated and born.year < TODAY.year else born
            twins = 2 if rng.random() < TWIN_SHARE else 1
            firsts: list[str] = []
            first_child = None
            for _ in range(twins):
                sex = "1" if rng.random() < 0.51 else "2"
                first = info.first_name(rng, sex)
                if cousins and rng.random() < 0.35:
                    same_sex = [children[k - 1] for k in cousins.children]
                    same_sex = [k for k in same_sex if k.sex == sex and k.duplicate_of is None]
                    if same_sex:
                        first = rng.choice(same_sex).first_name
                while first in firsts:  # twins never share a first name
                    first = info.first_name(rng, sex)
                firsts.append(first)
                child = new_child(
                    family,
                    info,
                    sex,
                    first,
                    first_child.date_of_birth if first_child else dob,
                    date_of_birth_is_estimated=estimated and dob != born,
                    half_sibling=birth > 0 and rng.random() < 0.1,
                    twin_of=first_child.n if first_child else None,
                )
                if child is None:
                    break
                first_child = first_child or child
            if len(children) >= originals_wanted:
                break
        if rng.random() < UNBORN_SHARE and len(children) < originals_wanted:
            n = len(children) + 1
            sex = rng.choice(["1", "2"])
            children.append(
                ChildPlan(
                    n=n,
                    la_child_id=f"{prefix}{n:07d}",
                    family=family.n,
                    community=c.name,
                    first_name="Unborn",
                    last_name=surname,
                    sex="0",
                    ethnicity=rng.choice(c.ethnicities),
                    date_of_birth=None,
                    expected_date_of_birth=TODAY + _days(rng, 20, 200),
                )
            )
            family.children.append(n)
        if not family.children:
            families.pop()
            pool.pop()

    # Details each child carries: identifiers, known-as and former names, school and GP.
    for child in children:
        info = next(x for x in communities if x.c.name == child.community)
        if child.date_of_birth is None:
            continue
        if rng.random() < NHS_SHARE:
            child.nhs_number = _nhs_number(rng, nhs_used)
        age = (TODAY - child.date_of_birth).days // 365
        if 4 <= age <= 16:
            child.school = rng.randrange(tier.schools)
            if rng.random() < UPN_SHARE:
                child.upn = _upn(rng, child.school, TODAY.year - age + 4, upn_used)
        if rng.random() < 0.7:
            child.gp = rng.randrange(tier.gp_practices)
        if rng.random() < KNOWN_AS_SHARE:
            child.known_as = _known_as(rng, child.first_name)
        if rng.random() < FORMER_NAME_SHARE:
            former = info.surname(rng)
            if fold(former) != fold(child.last_name):
                child.previous_names = [(child.first_name, former)]

    # Some children were recorded twice: a second record, a little different, never merged.
    originals = [c for c in children if c.date_of_birth is not None and c.first_name != "Unborn"]
    for original in rng.sample(originals, tier.children - len(children)):
        n = len(children) + 1
        duplicate = ChildPlan(
            n=n,
            la_child_id=f"{prefix}{n:07d}",
            family=original.family,
            community=original.community,
            first_name=original.first_name,
            last_name=original.last_name,
            sex=original.sex,
            ethnicity=original.ethnicity,
            date_of_birth=original.date_of_birth,
            nhs_number=original.nhs_number if rng.random() < 0.3 else "",
            duplicate_of=original.n,
        )
        change = rng.choice(["first name", "date of birth", "known as", "surname"])
        if change == "first name":
            duplicate.first_name = misspelt(rng, original.first_name)
        elif change == "date of birth":
            duplicate.date_of_birth = swapped_date(original.date_of_birth) or (
                original.date_of_birth + datetime.timedelta(days=1)
            )
        elif change == "known as" and original.known_as:
            duplicate.first_name = original.known_as
        else:
            duplicate.last_name = other_spelling(rng, original.last_name) or misspelt(
                rng, original.last_name
            )
        children.append(duplicate)

    people = _network(rng, tier, families, children, communities)
    episodes = _episodes(rng, tier, children)
    return Plan(tier, seed, prefix, children, people, families, episodes)


def _network(
    rng: random.Random,
    tier: Tier,
    families: list[FamilyPlan],
    children: list[ChildPlan],
    communities: list[_Community],
) -> list[PersonPlan]:
    """Parents for each family, then grandparents, aunts, friends… up to the tier's count."""
    by_name = {x.c.name: x for x in communities}
    people: list[PersonPlan] = []

    def eldest_born(family: FamilyPlan) -> datetime.date:
        dates = [children[n - 1].date_of_birth for n in family.children]
        return min((d for d in dates if d), default=TODAY)

    def add(family: FamilyPlan, kind: str, sex: str, years: tuple[int, int], **extra) -> None:
        info = by_name[family.community]
        surname = extra.pop("surname", None) or (
            family.surname if rng.random() < 0.6 else info.surname(rng)
        )
        born = None
        if rng.random() < 0.85:
            born = eldest_born(family) - _days(rng, years[0] * 365, years[1] * 365)
        people.append(
            PersonPlan(
                family=family.n,
                first_name=info.first_name(rng, sex),
                last_name=surname,
                sex=sex,
                date_of_birth=born,
                relationship_type=kind,
                **extra,
            )
        )
        family.people.append(len(people) - 1)

    for family in families:
        if len(people) >= tier.people:
            break
        if rng.random() < 0.95:
            add(
                family,
                "MOTHER",
                "2",
                (17, 40),
                has_parental_responsibility=True,
                lives_in_household=rng.random() < 0.85,
            )
        if rng.random() < 0.75 and len(people) < tier.people:
            add(
                family,
                "FATHER",
                "1",
                (18, 45),
                surname=family.surname.split("-")[0],
                has_parental_responsibility=rng.random() < 0.8,
                lives_in_household=rng.random() < 0.5,
            )
        if rng.random() < 0.12 and len(people) < tier.people:
            add(family, "PARTNER", rng.choice("12"), (18, 45), lives_in_household=True)
    extras = [
        ("GRANDPARENT", (38, 65), 30),
        ("AUNT_UNCLE", (10, 35), 30),
        ("FRIEND", (15, 40), 12),
        ("NEIGHBOUR", (15, 50), 8),
        ("SIBLING", (-1, 8), 8),
        ("HALF_SIBLING", (-1, 10), 6),
        ("STEP_PARENT", (18, 45), 4),
        ("FOSTER_CARER", (25, 55), 2),
    ]
    weights = [len(f.children) for f in families]
    while len(people) < tier.people:
        family = rng.choices(families, weights)[0]
        kind, years, _ = rng.choices(extras, [w for *_, w in extras])[0]
        add(family, kind, rng.choice("12"), years)
    return people


def _episodes(rng: random.Random, tier: Tier, children: list[ChildPlan]) -> list[EpisodePlan]:
    sources = ["1A", "2A", "3A", "3B", "3E", "5A", "5B", "6", "7", "8", "9"]
    episodes = []
    for child in children:
        born = child.date_of_birth
        if born is None or child.duplicate_of or rng.random() >= EPISODE_SHARE:
            continue
        start = max(born, TODAY - datetime.timedelta(days=5 * 365))
        referral = start + _days(rng, 0, max((TODAY - start).days - 1, 0))
        closure, reason = None, ""
        if rng.random() >= OPEN_EPISODE_SHARE:
            closure = min(referral + _days(rng, 20, 400), TODAY)
            reason = rng.choice(["RC7", "RC8", "RC8", "RC9"])
        episodes.append(
            EpisodePlan(
                child=child.n,
                referral_date=referral,
                referral_source=rng.choice(sources),
                closure_date=closure,
                closure_reason=reason,
                team=rng.randrange(tier.teams),
                worker=rng.randrange(TEAM_SIZE),
            )
        )
    return episodes


# --- How names get typed wrongly ----------------------------------------------------------------

# Only names of four letters or more are misspelt in the queries: one slip in a three-letter
# name makes another name (Ben, Brn; Ava, Aba), which the matching rightly does not treat as
# the same, and such slips are rarer in short names anyway.
MISSPELT_AT_LEAST = 4

_NEIGHBOURS = {
    a: b
    for row in ("qwertyuiop", "asdfghjkl", "zxcvbnm")
    for a, b in zip(row, row[1:] + row[-2], strict=True)
}


def misspelt(rng: random.Random, name: str) -> str:
    """One slip of the keyboard (a letter changed, dropped, doubled or two swapped), never in
    the first letter, which people rarely get wrong."""
    if len(fold(name)) < MISSPELT_AT_LEAST:
        return name
    for _ in range(20):
        letters = list(name)
        positions = [i for i, ch in enumerate(letters) if i > 0 and ch.isalpha()]
        if not positions:
            return name
        i = rng.choice(positions)
        edit = rng.choice(["change", "drop", "double", "swap"])
        if edit == "change":
            lower = letters[i].lower()
            letters[i] = _NEIGHBOURS.get(lower, "e")
        elif edit == "drop":
            del letters[i]
        elif edit == "double":
            letters.insert(i, letters[i])
        elif i + 1 < len(letters) and letters[i + 1].isalpha():
            letters[i], letters[i + 1] = letters[i + 1], letters[i]
        typed = "".join(letters)
        if fold(typed) != fold(name):
            return typed
    return name


def other_spelling(rng: random.Random, name: str) -> str:
    """Another way of writing the name (a transliteration, or without its accents), or ''."""
    parts = name.split()
    if len(parts) > 1:  # Mohammed Yusuf: respell one part
        i = rng.randrange(len(parts))
        other = other_spelling(rng, parts[i])
        return " ".join(parts[:i] + [other] + parts[i + 1 :]) if other else ""
    choices = [o.capitalize() for o in OTHER_SPELLINGS.get(fold(name), ())]
    plain = _strip_marks(name)
    if plain != name:
        choices.append(plain)
    if name.startswith("O'"):
        choices.append("O" + name[2:])
    return rng.choice(choices) if choices else ""


def swapped_date(born: datetime.date | None) -> datetime.date | None:
    """The date with day and month swapped, when that is another real date."""
    if born is None or born.day > 12 or born.day == born.month:
        return None
    return born.replace(day=born.month, month=born.day)


# --- Labelled queries ---------------------------------------------------------------------------

STRUCTURED_KINDS = (
    "exact name and date of birth",
    "first name misspelt, date of birth",
    "surname misspelt, date of birth",
    "transliterated name, date of birth",
    "day and month swapped",
    "first name and surname only",
    "surname and date of birth",
)
# Measured and reported, but not part of the overall figure the Done-when bar is about.
EXTRA_STRUCTURED_KINDS = ("one part of a double-barrelled surname, date of birth",)
FREE_TEXT_KINDS = (
    "one distinctive name",
    "known-as name",
    "former name",
    "council reference",
    "NHS number",
    "UPN",
)
# A single name is distinctive when at most this many children carry it (in any name field):
# then 'the true child in the top 10' is a fair question.
DISTINCTIVE_AT_MOST = 5


@dataclass(frozen=True)
class Query:
    kind: str
    first_name: str = ""
    last_name: str = ""
    date_of_birth: datetime.date | None = None
    nhs_number: str = ""
    text: str = ""  # free-text kinds
    child: str = ""  # the true child's council reference
    correct: frozenset[str] = frozenset()  # every record of the true child (duplicates too)

    @property
    def free_text(self) -> bool:
        return bool(self.text)

    def as_dict(self) -> dict[str, object]:
        typed = (
            {"text": self.text}
            if self.text
            else {
                "first_name": self.first_name,
                "last_name": self.last_name,
                "date_of_birth": self.date_of_birth.isoformat() if self.date_of_birth else None,
            }
        )
        return {"kind": self.kind, **typed, "child": self.child, "correct": sorted(self.correct)}


def labelled_queries(
    plan: Plan, seed: int | None = None, per_kind: int | None = None
) -> list[Query]:
    """What a practitioner would type to find a child of the plan, for each kind, and who."""
    rng = random.Random(f"queries {plan.seed if seed is None else seed}")
    per_kind = plan.tier.queries_per_kind if per_kind is None else per_kind
    originals = [c for c in plan.children if c.duplicate_of is None and c.date_of_birth is not None]
    token_count: Counter[str] = Counter()
    for child in plan.children:
        former = (" ".join(name) for name in child.previous_names)
        names = {child.first_name, child.last_name, child.known_as, *former}
        for token in {fold(part) for name in names for part in name.replace("-", " ").split()}:
            token_count[token] += 1

    def query(child: ChildPlan, kind: str, **typed) -> Query:
        return Query(kind=kind, child=child.la_child_id, correct=plan.records_of(child.n), **typed)

    def structured(child: ChildPlan, kind: str) -> Query | None:
        first, last, born = child.first_name, child.last_name, child.date_of_birth
        if kind == "first name misspelt, date of birth":
            first = misspelt(rng, first)
        elif kind == "surname misspelt, date of birth":
            last = misspelt(rng, last)
        elif kind == "transliterated name, date of birth":
            other_first, other_last = other_spelling(rng, first), other_spelling(rng, last)
            if not (other_first or other_last):
                return None
            if other_first and (not other_last or rng.random() < 0.5):
                first = other_first
            else:
                last = other_last
        elif kind == "day and month swapped":
            born = swapped_date(born)
            if born is None:
                return None
        elif kind == "first name and surname only":
            born = None
        elif kind == "surname and date of birth":
            first = ""
        elif kind == "one part of a double-barrelled surname, date of birth":
            parts = [p for p in last.replace("-", " ").split() if len(p) > 1]
            if len(parts) < 2:
                return None
            last = rng.choice(parts)
        if (first, last, born) == (child.first_name, child.last_name, child.date_of_birth) and (
            kind != "exact name and date of birth"
        ):
            return None
        return query(child, kind, first_name=first, last_name=last, date_of_birth=born)

    def free(child: ChildPlan, kind: str) -> Query | None:
        if kind == "one distinctive name":
            names = [child.first_name, *child.last_name.replace("-", " ").split()]
            names = [
                n for n in names if len(fold(n)) > 2 and token_count[fold(n)] <= DISTINCTIVE_AT_MOST
            ]
            return query(child, kind, text=rng.choice(names)) if names else None
        if kind == "known-as name":
            if not child.known_as:
                return None
            text = child.known_as
            if token_count[fold(text)] > DISTINCTIVE_AT_MOST:
                text = f"{child.known_as} {child.last_name}"
            return query(child, kind, text=text)
        if kind == "former name":
            return (
                query(child, kind, text=" ".join(child.previous_names[0]))
                if child.previous_names
                else None
            )
        if kind == "council reference":
            text = child.la_child_id if rng.random() < 0.8 else child.la_child_id.lower()
            return query(child, kind, text=text)
        if kind == "NHS number":
            if not child.nhs_number:
                return None
            digits = child.nhs_number
            spaced = f"{digits[:3]} {digits[3:6]} {digits[6:]}"
            return query(child, kind, text=spaced if rng.random() < 0.5 else digits)
        if kind == "UPN":
            return query(child, kind, text=child.upn) if child.upn else None
        raise ValueError(kind)

    queries: list[Query] = []
    for kind in (*STRUCTURED_KINDS, *EXTRA_STRUCTURED_KINDS, *FREE_TEXT_KINDS):
        make = free if kind in FREE_TEXT_KINDS else structured
        order = rng.sample(originals, len(originals))
        made = 0
        for child in order:
            if made == per_kind:
                break
            q = make(child, kind)
            if q is not None:
                queries.append(q)
                made += 1
    return queries


# --- Writing the plan to the database -----------------------------------------------------------


@dataclass
class Made:
    """What ``write`` put in the database: the searching user and the children's ids."""

    front_door_user_id: int
    child_ids: dict[str, int]  # council reference to primary key
    seconds: float
    counts: dict[str, int]


BATCH = 2_000


def write(plan: Plan, *, say=lambda text: None) -> Made:
    """bulk_create the plan through the project's models, in one transaction."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from safetymap.accounts.models import Organisation, Team, User
    from safetymap.accounts.role_groups import groups_for
    from safetymap.accounts.roles import Role
    from safetymap.cases.models import Allocation, Episode
    from safetymap.people.models import (
        Address,
        Child,
        Household,
        HouseholdMember,
        Person,
        Relationship,
    )

    started = time.perf_counter()
    counts: dict[str, int] = {}
    with transaction.atomic():
        council = Organisation.objects.create(name=plan.marker, organisation_type="LA_CSC")
        schools = Organisation.objects.bulk_create(
            Organisation(
                name=f"{TOWN} {STREETS[i % len(STREETS)]} School {i + 1} (fictional)",
                organisation_type="SCHOOL",
                urn=f"9{i:05d}",
            )
            for i in range(plan.tier.schools)
        )
        gps = Organisation.objects.bulk_create(
            Organisation(
                name=f"{TOWN} Medical Practice {i + 1} (fictional)",
                organisation_type="GP",
                ods_code=f"Z{i:05d}",
            )
            for i in range(plan.tier.gp_practices)
        )

        # People who use Safetymap: the front door, and case-holding teams with managers.
        unusable = make_password(None)
        tag = f"{plan.tier.name}{plan.seed}"

        def user(role: str, i: int, title: str) -> User:
            return User(
                email=f"bench.{tag}.{role}.{i}@{FICTIONAL_EMAIL_DOMAIN}",
                full_name=f"Bench {title} {i + 1}",
                job_title=title,
                organisation=council,
                password=unusable,
            )

        front_door = [
            user("frontdoor", i, "Front door practitioner") for i in range(plan.tier.front_door)
        ]
        service_managers = [user("servicemanager", i, "Service manager") for i in range(2)]
        managers = [user("teammanager", i, "Team manager") for i in range(plan.tier.teams)]
        workers = [
            [user(f"worker{t}", i, "Social worker") for i in range(TEAM_SIZE)]
            for t in range(plan.tier.teams)
        ]
        everyone = front_door + service_managers + managers + [w for team in workers for w in team]
        User.objects.bulk_create(everyone)
        groups = {g.name: g for g in groups_for(list(Role))}
        from safetymap.accounts.roles import group_name

        def group(role: Role):
            return groups[group_name(role)]

        memberships = (
            [(u, Role.FRONT_DOOR_PRACTITIONER) for u in front_door]
            + [(u, Role.SERVICE_MANAGER) for u in service_managers]
            + [(u, Role.TEAM_MANAGER) for u in managers]
            + [(u, Role.SOCIAL_WORKER) for team in workers for u in team]
        )
        User.groups.through.objects.bulk_create(
            User.groups.through(user_id=u.pk, group_id=group(role).pk) for u, role in memberships
        )
        teams = Team.objects.bulk_create(
            Team(
                organisation=council,
                name=f"Bench team {t + 1}",
                manager=managers[t],
                service_manager=service_managers[t % 2],
            )
            for t in range(plan.tier.teams)
        )
        Team.objects.create(
            organisation=council, name="Bench front door", receives_new_referrals=True
        )
        Team.members.through.objects.bulk_create(
            Team.members.through(team_id=teams[t].pk, user_id=w.pk)
            for t in range(plan.tier.teams)
            for w in workers[t]
        )
        counts["users"] = len(everyone)

        # Families' homes.
        addresses = Address.objects.bulk_create(
            (
                Address(line_1=f.address[0], town=f.address[1], postcode=f.address[2])
                for f in plan.families
            ),
            batch_size=BATCH,
        )
        address_of = {f.n: a for f, a in zip(plan.families, addresses, strict=True)}
        say(f"  organisations, {len(everyone)} users, {len(addresses)} addresses")

        children = Child.objects.bulk_create(
            (
                Child(
                    la_child_id=c.la_child_id,
                    first_name=c.first_name,
                    last_name=c.last_name,
                    known_as=c.known_as,
                    previous_names=[list(name) for name in c.previous_names],
                    date_of_birth=c.date_of_birth,
                    date_of_birth_is_estimated=c.date_of_birth_is_estimated,
                    expected_date_of_birth=c.expected_date_of_birth,
                    sex=c.sex,
                    ethnicity=c.ethnicity,
                    nhs_number=c.nhs_number,
                    upn=c.upn,
                    school=schools[c.school] if c.school is not None else None,
                    gp=gps[c.gp] if c.gp is not None else None,
                    address=address_of[c.family] if c.duplicate_of is None else None,
                    created_by=front_door[0],
                )
                for c in plan.children
            ),
            batch_size=BATCH,
        )
        if any(c.pk is None for c in children):
            raise RuntimeError("bulk_create did not return primary keys on this database")
        child_by_n = {c.n: made for c, made in zip(plan.children, children, strict=True)}
        people = Person.objects.bulk_create(
            (
                Person(
                    first_name=p.first_name,
                    last_name=p.last_name,
                    known_as=p.known_as,
                    date_of_birth=p.date_of_birth,
                    sex=p.sex,
                    address=address_of[p.family] if p.lives_in_household else None,
                )
                for p in plan.people
            ),
            batch_size=BATCH,
        )
        counts["children"], counts["people"] = len(children), len(people)
        say(f"  {len(children)} children, {len(people)} people")

        def relationships() -> Iterable[Relationship]:
            for family in plan.families:
                kids = [
                    child_by_n[n] for n in family.children if plan.child(n).duplicate_of is None
                ]
                for i in family.people:
                    p = plan.people[i]
                    for kid in kids:
                        yield Relationship(
                            child=kid,
                            person=people[i],
                            relationship_type=p.relationship_type,
                            has_parental_responsibility=p.has_parental_responsibility,
                            lives_in_household=p.lives_in_household,
                        )
                for a in kids:
                    for b in kids:
                        if a is not b:
                            half = a.last_name != b.last_name
                            yield Relationship(
                                child=a,
                                other_child=b,
                                relationship_type="HALF_SIBLING" if half else "SIBLING",
                                lives_in_household=True,
                            )

        made = Relationship.objects.bulk_create(relationships(), batch_size=BATCH)
        counts["relationships"] = len(made)

        households = Household.objects.bulk_create(
            (Household(address=address_of[f.n], name="Family home") for f in plan.families),
            batch_size=BATCH,
        )

        def members() -> Iterable[HouseholdMember]:
            for family, household in zip(plan.families, households, strict=True):
                for n in family.children:
                    c = plan.child(n)
                    if c.duplicate_of is None and c.date_of_birth is not None:
                        yield HouseholdMember(
                            household=household, child=child_by_n[n], lived_from=c.date_of_birth
                        )
                for i in family.people:
                    if plan.people[i].lives_in_household:
                        yield HouseholdMember(household=household, person=people[i])

        counts["household members"] = len(
            HouseholdMember.objects.bulk_create(members(), batch_size=BATCH)
        )

        episodes = Episode.objects.bulk_create(
            (
                Episode(
                    child=child_by_n[e.child],
                    referral_date=e.referral_date,
                    referral_source=e.referral_source,
                    closure_date=e.closure_date,
                    closure_reason=e.closure_reason,
                )
                for e in plan.episodes
            ),
            batch_size=BATCH,
        )
        Allocation.objects.bulk_create(
            (
                Allocation(
                    episode=episode,
                    worker=workers[e.team][e.worker],
                    team=teams[e.team],
                    started_on=min(
                        e.referral_date + datetime.timedelta(days=3), e.closure_date or TODAY
                    ),
                    ended_on=e.closure_date,
                    allocated_by=managers[e.team],
                )
                for e, episode in zip(plan.episodes, episodes, strict=True)
            ),
            batch_size=BATCH,
        )
        counts["episodes"] = len(episodes)
        say(f"  {counts['relationships']} relationships, {len(episodes)} episodes")

        counts["search keys"] = store_all_search_keys(children, people)
        say(f"  {counts['search keys']} search keys")
        counts.update(write_casework(plan, say=say))
    return Made(
        front_door_user_id=front_door[0].pk,
        child_ids={c.la_child_id: c.pk for c in children},
        seconds=time.perf_counter() - started,
        counts=counts,
    )


def store_all_search_keys(children, people) -> int:
    """Each record's keys, from the product's own ``search_keys_of``, bulk-created."""
    from safetymap.people.models import SearchKey
    from safetymap.people.services import search_keys_of

    def rows() -> Iterable[SearchKey]:
        for child in children:
            for key in sorted(search_keys_of(child)):
                yield SearchKey(child_id=child.pk, key=key)
        for person in people:
            for key in sorted(search_keys_of(person)):
                yield SearchKey(person_id=person.pk, key=key)

    return len(SearchKey.objects.bulk_create(rows(), batch_size=BATCH * 2))


def refresh_search_keys() -> int:
    """Rebuild every stored search key if ``search_keys_of`` now gives other keys than those
    stored (a new key kind since the database was made); the number of keys written, or 0."""
    from django.db import transaction

    from safetymap.people.models import Child, Person, SearchKey
    from safetymap.people.services import search_keys_of

    # Whole records: a new key kind may read any field (known-as, former names, references).
    children, people = list(Child.objects.all()), list(Person.objects.all())
    wanted = {("c", c.pk, key) for c in children for key in search_keys_of(c)}
    wanted |= {("p", p.pk, key) for p in people for key in search_keys_of(p)}
    stored = {
        ("c", child, key) if child else ("p", person, key)
        for child, person, key in SearchKey.objects.values_list("child_id", "person_id", "key")
    }
    if stored == wanted:
        return 0
    with transaction.atomic():
        SearchKey.objects.all().delete()
        return store_all_search_keys(children, people)


def made_before(plan: Plan) -> Made | None:
    """The records of this plan if the database already holds them (the marker, and every child)."""
    from safetymap.accounts.models import Organisation, User
    from safetymap.people.models import Child

    if not Organisation.objects.filter(name=plan.marker).exists():
        return None
    refs = dict(
        Child.objects.filter(la_child_id__startswith=plan.prefix).values_list("la_child_id", "pk")
    )
    if len(refs) != len(plan.children) or any(c.la_child_id not in refs for c in plan.children):
        return None
    tag = f"{plan.tier.name}{plan.seed}"
    user = User.objects.get(email=f"bench.{tag}.frontdoor.0@{FICTIONAL_EMAIL_DOMAIN}")
    return Made(user.pk, refs, 0.0, {"children": len(refs)})


# --- Case work (issue 17): notes, maps, safety plans, conferences and the audit trail -----------

# Drawn from their own generator, so the records above stay the same for the same seed.
CASEWORK_SEED_OFFSET = 17_017
MAP_SHARE = 0.55  # of episodes: about 4,400 maps at the council tier
LARGE_MAP_SHARE = 0.06  # of maps: about 80 items, where most have 10 to 30
SAFETY_PLAN_SHARE = 0.4  # of open episodes
CONFERENCE_SHARE = 0.3  # of open episodes
CONFERENCE_CHAIRS = 3
AUDIT_BATCH = 50_000
SQLITE_AUDIT_EVENTS = 2_000  # SQLite has no COPY: a token trail, enough to prove the chain

NOTE_SENTENCES = (
    "Visited the family home after school; the child showed me their bedroom.",
    "Spoke with mum about the plan for contact with dad this weekend.",
    "School rang: attendance has dropped to 82% this half term.",
    "The child said they feel safe when nan collects them from school.",
    "Dad did not attend the agreed meeting and has not returned calls.",
    "Health visitor reports the baby is gaining weight and appointments are kept.",
    "Observed the child playing calmly with their younger sibling.",
    "Police notified us of a domestic incident at the address overnight.",
    "Network meeting held at the family home; aunt agreed to stay over on Fridays.",
    "The child was seen alone and spoke about worries at home.",
    "Checked the safety plan rules with the family; all agreed they were followed.",
    "GP confirmed mum has been referred to the community mental health team.",
    "Phoned the school's designated safeguarding lead to share the plan.",
    "The house was tidy, food in the fridge, and the children had clean uniforms.",
)
NOTE_TYPES = ("VISIT", "SEEN_ALONE", "PHONE", "MEETING", "OBSERVATION", "OTHER")
NOTE_TYPE_WEIGHTS = (30, 10, 30, 15, 10, 5)
MAP_ITEM_WORDS = {
    "PAST_HARM": "On {d} the children were left alone overnight while mum was out.",
    "COMPLICATING_FACTOR": "Mum drinks more when she is low, and dad's visits end in arguments.",
    "GREY_AREA": "School has noticed bruising on the arm; the family say it was a fall.",
    "EXISTING_STRENGTH": "Nan takes the children to school every day and knows their routines.",
    "EXISTING_SAFETY": "When dad has been drinking, mum has called nan, who came straight away.",
    "NEXT_STEP": "The network meets on Sunday to agree who stays over at the weekends.",
}
ITEM_CATEGORIES = tuple(MAP_ITEM_WORDS)
ITEM_WEIGHTS = (2, 2, 1, 2, 1, 2)


def _notes_per_child(rng: random.Random) -> int:
    """Heavy-tailed: most children with an episode have up to 20 notes, a few about 200."""
    band = rng.random()
    if band < 0.80:
        return rng.randint(0, 20)
    if band < 0.95:
        return rng.randint(21, 60)
    return rng.randint(150, 240)


def _map_items(rng: random.Random) -> int:
    return rng.randint(70, 90) if rng.random() < LARGE_MAP_SHARE else rng.randint(8, 30)


def write_casework(plan: Plan, *, say=lambda text: None) -> dict[str, int]:
    """The case work of a council written by ``write``: case notes, Signs of Safety maps (draft
    or shared: final ones are locked by the database), safety plans, conferences and a long
    audit trail. Reads the episodes back from the database, so it can extend a database made by
    an earlier generator version too."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction

    from safetymap.accounts.models import Organisation, User
    from safetymap.accounts.role_groups import groups_for
    from safetymap.accounts.roles import Role, group_name
    from safetymap.cases.models import Allocation, CaseNote
    from safetymap.conferences.models import Conference, Invitation
    from safetymap.mapping.models import DangerStatement, MapItem, SafetyGoal, SoSMap
    from safetymap.safety.models import PlanRule, SafetyPlan

    rng = random.Random(plan.seed + CASEWORK_SEED_OFFSET)
    counts: dict[str, int] = {}
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # The product's per-statement limit is for requests, not for a COPY of millions.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL statement_timeout = 0")
        council = Organisation.objects.get(name=plan.marker)
        allocations = list(
            Allocation.objects.filter(episode__child__la_child_id__startswith=plan.prefix)
            .order_by("episode_id")
            .values_list(
                "episode_id",
                "episode__child_id",
                "episode__referral_date",
                "episode__closure_date",
                "worker_id",
                "team__manager_id",
            )
        )
        # Conference chairs are independent of the teams: a few of them, chairing every one.
        tag = f"{plan.tier.name}{plan.seed}"
        unusable = make_password(None)
        chairs = User.objects.bulk_create(
            User(
                email=f"bench.{tag}.chair.{i}@{FICTIONAL_EMAIL_DOMAIN}",
                full_name=f"Bench Conference chair {i + 1}",
                job_title="Conference chair",
                organisation=council,
                password=unusable,
            )
            for i in range(CONFERENCE_CHAIRS)
        )
        chair_group = next(
            g for g in groups_for(list(Role)) if g.name == group_name(Role.CONFERENCE_CHAIR)
        )
        User.groups.through.objects.bulk_create(
            User.groups.through(user_id=c.pk, group_id=chair_group.pk) for c in chairs
        )

        # Case notes, per child with an episode, between referral and closure (or today).
        def notes() -> Iterable[CaseNote]:
            seen: set[int] = set()
            for _, child, referred, closed, worker, _ in allocations:
                if child in seen:
                    continue
                seen.add(child)
                span = max(((closed or TODAY) - referred).days, 1)
                for _ in range(_notes_per_child(rng)):
                    yield CaseNote(
                        child_id=child,
                        happened_on=referred + datetime.timedelta(days=rng.randrange(span)),
                        note_type=rng.choices(NOTE_TYPES, NOTE_TYPE_WEIGHTS)[0],
                        text=" ".join(rng.sample(NOTE_SENTENCES, rng.randint(1, 5))),
                        author_id=worker,
                    )

        counts["case notes"] = len(CaseNote.objects.bulk_create(notes(), batch_size=BATCH))
        say(f"  {counts['case notes']} case notes")

        # One map for a share of episodes, held a few weeks after the referral.
        mapped = [a for a in allocations if rng.random() < MAP_SHARE]
        maps = SoSMap.objects.bulk_create(
            (
                SoSMap(
                    episode_id=episode,
                    context=rng.choice(["ASSESSMENT", "ICPC", "CIN_REVIEW", "NETWORK_MEETING"]),
                    held_on=min(referred + _days(rng, 7, 60), closed or TODAY),
                    status=rng.choice(["DRAFT", "SHARED"]),
                    facilitator_id=worker,
                    participants="Mum, nan, the child's teacher, health visitor, social worker",
                    family_present=True,
                    child_present=rng.random() < 0.3,
                    overall_judgement="The network is growing but the worries at night remain.",
                )
                for episode, _, referred, closed, worker, _ in mapped
            ),
            batch_size=BATCH,
        )
        SoSMap.children.through.objects.bulk_create(
            (
                SoSMap.children.through(sosmap_id=m.pk, child_id=a[1])
                for m, a in zip(maps, mapped, strict=True)
            ),
            batch_size=BATCH,
        )
        statements = DangerStatement.objects.bulk_create(
            (
                DangerStatement(
                    map=m,
                    seq_no=n,
                    who_is_worried="Children's social care and the school",
                    what_happened="the children were left alone overnight in March",
                    worry_if_nothing_changes="they will be hurt or frightened when alone again",
                    family_position=rng.choice(["AGREES", "PARTLY", "DISPUTES"]),
                )
                for m in maps
                for n in range(1, rng.randint(1, 3) + 1)
            ),
            batch_size=BATCH,
        )
        SafetyGoal.objects.bulk_create(
            (
                SafetyGoal(
                    danger_statement=s,
                    map_id=s.map_id,
                    what_will_be_happening="A safe adult the network trusts is always at home.",
                    for_how_long="6 months",
                )
                for s in statements
            ),
            batch_size=BATCH,
        )
        counts["maps"], counts["danger statements"] = len(maps), len(statements)

        def items() -> Iterable[MapItem]:
            for m, (_, _, _, _, worker, _) in zip(maps, mapped, strict=True):
                for position in range(_map_items(rng)):
                    category = rng.choices(ITEM_CATEGORIES, ITEM_WEIGHTS)[0]
                    yield MapItem(
                        map=m,
                        category=category,
                        text=MAP_ITEM_WORDS[category].format(d=f"{m.held_on:%-d %B}"),
                        source=rng.choice(["Mum", "Nan", "School", "Police", "Health visitor"]),
                        owner="Nan and mum" if category == "NEXT_STEP" else "",
                        position=position,
                        changed_by_id=worker,
                    )

        counts["map items"] = len(MapItem.objects.bulk_create(items(), batch_size=BATCH))
        say(f"  {len(maps)} maps, {counts['map items']} items")

        # A safety plan and a conference for some open episodes.
        first_statement = {}
        for s in statements:
            first_statement.setdefault(s.map_id, s)
        map_of = {a[0]: m for m, a in zip(maps, mapped, strict=True)}
        open_ones = [a for a in allocations if a[3] is None]
        planned = [a for a in open_ones if rng.random() < SAFETY_PLAN_SHARE]
        plans = SafetyPlan.objects.bulk_create(
            (
                SafetyPlan(
                    episode_id=episode,
                    plan_type=rng.choice(["INTERIM", "FULL", "FULL"]),
                    status=rng.choice(["DRAFT", "AGREED", "ACTIVE"]),
                    contingency="If nan cannot come, mum rings the aunt, then the duty team.",
                    children_version="Nan or auntie will be at home with us every night.",
                    review_due=TODAY + _days(rng, 7, 90),
                    created_by_id=worker,
                )
                for episode, _, _, _, worker, _ in planned
            ),
            batch_size=BATCH,
        )
        SafetyPlan.children.through.objects.bulk_create(
            (
                SafetyPlan.children.through(safetyplan_id=p.pk, child_id=a[1])
                for p, a in zip(plans, planned, strict=True)
            ),
            batch_size=BATCH,
        )
        rules = PlanRule.objects.bulk_create(
            (
                PlanRule(
                    plan=p,
                    number=n,
                    text=f"Rule {n}: a safe adult from the network is at home every evening.",
                    responsible_others="Nan, the aunt",
                    when="Every evening from 6pm",
                    if_broken="Mum rings the social worker the same day.",
                )
                for p in plans
                for n in range(1, rng.randint(3, 8) + 1)
            ),
            batch_size=BATCH,
        )
        plan_by_pk = {p.pk: a for p, a in zip(plans, planned, strict=True)}
        PlanRule.danger_statements.through.objects.bulk_create(
            (
                PlanRule.danger_statements.through(
                    planrule_id=r.pk, dangerstatement_id=first_statement[map_of[episode].pk].pk
                )
                for r in rules
                if (episode := plan_by_pk[r.plan_id][0]) in map_of
            ),
            batch_size=BATCH,
        )
        counts["safety plans"], counts["plan rules"] = len(plans), len(rules)

        conferenced = [a for a in open_ones if rng.random() < CONFERENCE_SHARE]
        conferences = Conference.objects.bulk_create(
            (
                Conference(
                    episode_id=episode,
                    conference_type=rng.choice(["ICPC", "RCPC", "RCPC"]),
                    stage="SCHEDULED",
                    requested_by_id=worker,
                    request_reason="The section 47 enquiry found the worries substantiated.",
                    due_on=TODAY + _days(rng, 5, 40),
                    scheduled_on=TODAY + _days(rng, 5, 40),
                    starts_at=datetime.time(rng.choice([10, 13, 15])),
                    venue="Civic Centre, meeting room 2",
                    chair=rng.choice(chairs),
                    sos_map=map_of.get(episode),
                )
                for episode, _, _, _, worker, _ in conferenced
            ),
            batch_size=BATCH,
        )
        Conference.children.through.objects.bulk_create(
            (
                Conference.children.through(conference_id=c.pk, child_id=a[1])
                for c, a in zip(conferences, conferenced, strict=True)
            ),
            batch_size=BATCH,
        )
        invitees = (
            ("FAMILY", "Mum (fictional)", "Mother", "", "PARENT_CARER"),
            ("FAMILY", "Nan (fictional)", "Grandmother", "", "PARENT_CARER"),
            ("PROFESSIONAL", "Designated lead (fictional)", "", "Designated lead", "PROFESSIONAL"),
            ("PROFESSIONAL", "Health visitor (fictional)", "", "Health visitor", "PROFESSIONAL"),
        )
        Invitation.objects.bulk_create(
            (
                Invitation(
                    conference=c,
                    kind=kind,
                    name=name,
                    relationship=relationship,
                    role=role,
                    respondent_type=respondent,
                    report_requested=kind == "PROFESSIONAL",
                    invited_by_id=a[4],
                )
                for c, a in zip(conferences, conferenced, strict=True)
                for kind, name, relationship, role, respondent in invitees
            ),
            batch_size=BATCH,
        )
        counts["conferences"] = len(conferences)
        say(f"  {len(plans)} safety plans, {len(conferences)} conferences")

        counts["audit events"] = write_audit_trail(plan, allocations, rng, say=say)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
    return counts


def write_audit_trail(plan: Plan, allocations: Sequence[tuple], rng, *, say) -> int:
    """The tier's audit trail, chained onto the events already there (the same hash the product
    gives each event: chain.hash_of on an unsaved AuditEvent), in increasing ids and times over
    the last two years. Mostly workers reading their children's records. PostgreSQL: COPY, then
    the id sequence set past the last id; SQLite (no COPY): a few thousand by bulk_create."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from safetymap.audit import chain
    from safetymap.audit.models import Action, AuditEvent

    if not allocations:
        return 0
    wanted = plan.tier.audit_events
    if connection.vendor != "postgresql":
        wanted = min(wanted, SQLITE_AUDIT_EVENTS)
    emails = dict(
        get_user_model()
        .objects.filter(pk__in={a[4] for a in allocations})
        .values_list("pk", "email")
    )
    last = AuditEvent.objects.order_by("-id").values_list("id", "occurred_at").first()
    next_id = last[0] + 1 if last else 1
    # Every row written here is in lane 0 (the column's default): it carries on lane 0's chain,
    # whichever lane the product's own appends so far took (audit/chain.py).
    in_lane_0 = AuditEvent.objects.filter(lane=0).order_by("-id").values_list("hash", flat=True)
    previous = in_lane_0.first() or chain.GENESIS
    # The last two years up to now (not TODAY: the product appends at the real time), after
    # any event already there, so time increases along the chain.
    end = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    start = end - datetime.timedelta(days=730)
    if last and last[1] > start:
        start = last[1]
    step = (end - start) / wanted
    kinds = (
        (Action.VIEW, "people.Child", 70),
        (Action.VIEW, "cases.Episode", 12),
        (Action.CREATE, "cases.CaseNote", 8),
        (Action.SIGN_IN, "", 6),
        (Action.SECOND_STEP, "", 4),
    )
    choices, weights = [k[:2] for k in kinds], [k[2] for k in kinds]
    columns = [f.column for f in AuditEvent._meta.concrete_fields]

    def events() -> Iterable[AuditEvent]:
        nonlocal previous
        for i in range(wanted):
            episode, child, _, _, worker, _ = allocations[rng.randrange(len(allocations))]
            action, subject_type = rng.choices(choices, weights)[0]
            subject_id = {"people.Child": child, "cases.Episode": episode}.get(subject_type)
            about_child = action in {Action.VIEW, Action.CREATE}
            event = AuditEvent(
                id=next_id + i,
                occurred_at=(start + step * (i + rng.random() * 0.9)).replace(microsecond=0),
                actor_id=worker,
                actor_label=emails[worker],
                action=str(action),
                subject_type=subject_type,
                subject_id=str(subject_id if subject_id is not None else ""),
                basis="allocated worker" if about_child else "",
                request_id=f"{rng.getrandbits(128):032x}",
                child_id=child if about_child else None,
                details={"child": child, "page": subject_type.split(".")[-1].lower()}
                if about_child
                else {},
                previous_hash=previous,
            )
            event.hash = chain.hash_of(event)
            previous = event.hash
            yield event

    written = 0
    if connection.vendor != "postgresql":
        written = len(AuditEvent.objects.bulk_create(events(), batch_size=BATCH))
        say(f"  {written} audit events (SQLite: a token trail, no COPY)")
        return written
    import json

    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg 3's own cursor, for COPY
        sql = f"COPY audit_auditevent ({', '.join(columns)}) FROM STDIN"
        with raw.copy(sql) as copy:
            for event in events():
                copy.write_row(
                    [
                        json.dumps(event.details)
                        if f.column == "details"
                        else getattr(event, f.attname)
                        for f in AuditEvent._meta.concrete_fields
                    ]
                )
                written += 1
                if written % 1_000_000 == 0:
                    say(f"    {written} audit events…")
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('audit_auditevent', 'id'), MAX(id)) "
            "FROM audit_auditevent"
        )
    say(f"  {written} audit events (COPY)")
    return written


def made_or_reused(plan: Plan, *, say=lambda text: None) -> Made:
    """The plan's tier in the configured database: reused if made before, extended if made by
    the previous generator version, or written (only into a database without children)."""
    from safetymap.people.models import Child

    name, seed = plan.tier.name, plan.seed
    made = made_before(plan)
    if made is not None:
        say(f"Reusing the {name} tier made before (seed {seed})")
        return made
    made = extend_older(plan, say=say)
    if made is not None:
        say(f"  extended in {made.seconds:.0f} s")
        return made
    if Child.objects.exists():
        raise SystemExit(
            "This database holds other children: give --fresh (PostgreSQL: drops and "
            "recreates it) or another database."
        )
    say(f"Generating the {name} tier (seed {seed})…")
    made = write(plan, say=say)
    say(f"  written in {made.seconds:.0f} s")
    return made


def extend_older(plan: Plan, *, say=lambda text: None) -> Made | None:
    """A database made by the previous generator version (the same tier and seed, every child)
    gains this version's case work and marker, rather than being made again from nothing."""
    from safetymap.accounts.models import Organisation

    older = plan.marker.replace(
        f"generator {GENERATOR_VERSION}", f"generator {GENERATOR_VERSION - 1}"
    )
    council = Organisation.objects.filter(name=older).first()
    if council is None:
        return None
    council.name = plan.marker
    council.save(update_fields=["name"])
    made = made_before(plan)
    if made is None:  # not every child: not this plan after all
        council.name = older
        council.save(update_fields=["name"])
        return None
    say("Extending the database made by the previous generator version…")
    started = time.perf_counter()
    made.counts.update(write_casework(plan, say=say))
    made.seconds = time.perf_counter() - started
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tier", choices=sorted(TIERS), default="small")
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args(argv)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    plan = plan_council(TIERS[args.tier], args.seed)
    print(f"Planned {len(plan.children)} children in {time.perf_counter() - started:.1f} s")
    if made_before(plan):
        print("This database already holds this tier and seed: nothing to do.")
        return 0
    made = write(plan, say=print)
    print(f"Wrote it in {made.seconds:.1f} s: {made.counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
