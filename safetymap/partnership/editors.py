"""Wagtail permissions for the roles that edit the public pages, kept in step with the policy.

Wagtail decides what an editor may do from Django groups; Safetymap's roles are groups of the
same name. After every ``migrate`` (and every test flush) the groups of the roles holding
EDIT_PUBLIC_PAGES are given the admin, every page, every document and every image; every other
role's group is given none of them. The policy (access/policy.py) stays the one place that says
who edits; this only mirrors it into Wagtail.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from safetymap.access.policy import ROLE_CAPABILITIES, Capability
from safetymap.accounts.roles import group_name

PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
COLLECTION_PERMISSIONS = (
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
)


def ensure_wagtail_roots() -> tuple[Any, Any]:
    """Wagtail's default locale, root page and root collection (created by its migrations, gone
    after a test flush)."""
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale, Page

    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", live=True))
    collection = Collection.get_first_root_node()
    if collection is None:
        collection = Collection.add_root(name="Root")
    return root, collection


@transaction.atomic
def ensure_editor_permissions(**kwargs: Any) -> None:
    from wagtail.models import GroupCollectionPermission, GroupPagePermission

    root, collection = ensure_wagtail_roots()
    access_admin = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    page_perms = list(
        Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=PAGE_PERMISSIONS
        )
    )
    collection_perms = [
        Permission.objects.filter(content_type__app_label=app, codename=codename).first()
        for app, codename in COLLECTION_PERMISSIONS
    ]
    for role, granted in ROLE_CAPABILITIES.items():
        group, _ = Group.objects.get_or_create(name=group_name(role))
        if Capability.EDIT_PUBLIC_PAGES in granted:
            if access_admin:
                group.permissions.add(access_admin)
            for permission in page_perms:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root, permission=permission
                )
            for permission in filter(None, collection_perms):
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=collection, permission=permission
                )
        else:
            if access_admin:
                group.permissions.remove(access_admin)
            GroupPagePermission.objects.filter(group=group).delete()
            GroupCollectionPermission.objects.filter(group=group).delete()
