"""Wagtail admin hooks: only the parts editors need.

Users and groups are managed by the system administrator in the service's own pages (and the
URLs are refused by partnership.middleware); their menu entries are removed here so that no
editor is offered a way to change anyone's role. Nor are the reports that list users.
"""

from __future__ import annotations

from wagtail import hooks

HIDDEN_MENU_ITEMS = {"users", "groups", "sites", "workflows", "workflow-tasks", "site-history"}


@hooks.register("construct_main_menu")
def hide_account_administration(request, menu_items):
    menu_items[:] = [item for item in menu_items if item.name not in HIDDEN_MENU_ITEMS]


@hooks.register("construct_settings_menu")
def hide_account_settings(request, menu_items):
    menu_items[:] = [item for item in menu_items if item.name not in HIDDEN_MENU_ITEMS]
