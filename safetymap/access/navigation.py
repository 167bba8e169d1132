"""Service navigation: the parts of Safetymap the signed-in person may use, and nothing else."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from safetymap.access.policy import Capability, capabilities


@dataclass(frozen=True)
class NavItem:
    text: str
    url_name: str
    capability: Capability | None  # None: everyone signed in


NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem("My work", "accounts:my-work", None),
    NavItem("Children", "people:children", Capability.USE_CASE_WORK),
    NavItem("Contacts", "cases:contacts", Capability.RECORD_PATHWAY),
    NavItem("My conferences", "conferences:mine", Capability.USE_CASE_WORK),
    NavItem("Out-of-hours duty", "access:duty-rota", Capability.ALLOCATE_WORK),
    NavItem("Training", "partnership:sessions", Capability.BOOK_TRAINING),
    NavItem("Organisations", "accounts:organisation-list", Capability.MANAGE_REFERENCE_DATA),
    NavItem("Teams", "accounts:team-list", Capability.MANAGE_REFERENCE_DATA),
    NavItem("Users", "accounts:user-list", Capability.MANAGE_REFERENCE_DATA),
    NavItem("Background work", "worker:background-work", Capability.MANAGE_REFERENCE_DATA),
    NavItem("Conference feedback", "feedback:results", Capability.MANAGE_PARTNERSHIP),
    NavItem("Access reports", "audit:child-access", Capability.VIEW_ACCESS_REPORTS),
    NavItem("Emergency access", "access:emergency-list", Capability.VIEW_ACCESS_REPORTS),
    NavItem("Retention", "retention:due", Capability.MANAGE_RETENTION),
)


def items_for(user, current_path: str) -> list[dict[str, object]]:
    granted = capabilities(user)
    items = []
    for item in NAV_ITEMS:
        if item.capability is not None and item.capability not in granted:
            continue
        href = reverse(item.url_name)
        active = current_path == href or (href != "/" and current_path.startswith(href))
        items.append(
            {"href": href, "text": item.text, "active": active, "current": current_path == href}
        )
    return items
