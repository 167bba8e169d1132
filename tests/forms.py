"""Helpers for posting GOV.UK forms in tests."""

from __future__ import annotations

import datetime


def date_fields(name: str, day: datetime.date) -> dict[str, str]:
    """A day/month/year date field as the browser posts it: ``name-day``, ``name-month``…"""
    return {
        f"{name}-day": str(day.day),
        f"{name}-month": str(day.month),
        f"{name}-year": str(day.year),
    }
