"""The fictional borough of Larkford: its children's social care, its partners and their staff.

Everyone and everything here is invented. Names are plainly fictional and email addresses use the
reserved ``.example`` domain, so nothing can ever reach a real person.
"""

from __future__ import annotations

from dataclasses import dataclass

from safetymap.accounts.organisation_types import OrganisationType as T
from safetymap.accounts.roles import Role

LARKFORD_CSC = "Larkford Children's Social Care"

# The second sign-in step for the fictional demo accounts: each account has these backup codes
# (each works once per account; `make run` renews them). Production never loads the demo.
DEMO_BACKUP_CODES = (
    "larkford01",
    "larkford02",
    "larkford03",
    "larkford04",
    "larkford05",
    "larkford06",
    "larkford07",
    "larkford08",
    "larkford09",
    "larkford10",
)


@dataclass(frozen=True)
class DemoOrganisation:
    name: str
    organisation_type: str
    urn: str = ""
    ods_code: str = ""


@dataclass(frozen=True)
class DemoUser:
    email: str
    full_name: str
    job_title: str
    organisation: str
    roles: tuple[Role, ...]


ORGANISATIONS: tuple[DemoOrganisation, ...] = (
    DemoOrganisation(LARKFORD_CSC, T.LA_CHILDRENS_SOCIAL_CARE),
    DemoOrganisation("Larkford Safeguarding Children Partnership", T.OTHER),
    DemoOrganisation("Meadowbank Primary School", T.SCHOOL, urn="999101"),
    DemoOrganisation("Larkford Vale Academy", T.SCHOOL, urn="999102"),
    DemoOrganisation("Larkford Health Visiting Service", T.HEALTH_VISITING, ods_code="ZZ1HV"),
    DemoOrganisation("Riverside Surgery", T.GP, ods_code="ZZ9001"),
    DemoOrganisation("Northshire Police, Larkford Safeguarding Unit", T.POLICE),
    DemoOrganisation("Northshire Probation Delivery Unit", T.PROBATION),
    DemoOrganisation("Cafcass (Northshire team)", T.CAFCASS),
    DemoOrganisation("Larkford Family Support Project", T.VOLUNTARY_SECTOR),
)

USERS: tuple[DemoUser, ...] = (
    DemoUser(
        "social.worker@larkford.example",
        "Sam Social-Worker",
        "Social worker",
        LARKFORD_CSC,
        (Role.SOCIAL_WORKER,),
    ),
    DemoUser(
        "team.manager@larkford.example",
        "Tariq Team-Manager",
        "Team manager, Assessment team",
        LARKFORD_CSC,
        (Role.TEAM_MANAGER,),
    ),
    DemoUser(
        "service.manager@larkford.example",
        "Seren Service-Manager",
        "Head of service, Safeguarding",
        LARKFORD_CSC,
        (Role.SERVICE_MANAGER,),
    ),
    DemoUser(
        "front.door@larkford.example",
        "Frankie Front-Door",
        "MASH social worker",
        LARKFORD_CSC,
        (Role.FRONT_DOOR_PRACTITIONER,),
    ),
    DemoUser(
        "conference.chair@larkford.example",
        "Chidi Conference-Chair",
        "Child protection chair",
        LARKFORD_CSC,
        (Role.CONFERENCE_CHAIR,),
    ),
    DemoUser(
        "business.support@larkford.example",
        "Bea Business-Support",
        "Conference business support",
        LARKFORD_CSC,
        (Role.BUSINESS_SUPPORT,),
    ),
    DemoUser(
        "school.dsl@larkford.example",
        "Dana School-DSL",
        "Designated safeguarding lead",
        "Meadowbank Primary School",
        (Role.PARTNER_PRACTITIONER,),
    ),
    DemoUser(
        "health.visitor@larkford.example",
        "Hana Health-Visitor",
        "Health visitor",
        "Larkford Health Visiting Service",
        (Role.PARTNER_PRACTITIONER,),
    ),
    DemoUser(
        "police.officer@larkford.example",
        "Pat Police-Officer",
        "Detective constable",
        "Northshire Police, Larkford Safeguarding Unit",
        (Role.PARTNER_PRACTITIONER,),
    ),
    DemoUser(
        "practice.lead@larkford.example",
        "Priya Practice-Lead",
        "Signs of Safety practice lead",
        LARKFORD_CSC,
        (Role.PRACTICE_LEAD,),
    ),
    DemoUser(
        "trainer@larkford.example",
        "Tom Trainer",
        "Signs of Safety trainer",
        "Larkford Safeguarding Children Partnership",
        (Role.TRAINER,),
    ),
    DemoUser(
        "partnership.admin@larkford.example",
        "Paula Partnership-Admin",
        "Partnership business manager",
        "Larkford Safeguarding Children Partnership",
        (Role.PARTNERSHIP_ADMINISTRATOR,),
    ),
    DemoUser(
        "privacy.officer@larkford.example",
        "Percy Privacy-Officer",
        "Information governance officer",
        LARKFORD_CSC,
        (Role.PRIVACY_OFFICER,),
    ),
    DemoUser(
        "system.admin@larkford.example",
        "Sid System-Admin",
        "Systems administrator",
        LARKFORD_CSC,
        (Role.SYSTEM_ADMINISTRATOR,),
    ),
)
