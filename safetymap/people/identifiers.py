"""Checks for the national identifiers a child's record carries. Pure functions, no Django."""

from __future__ import annotations

import re

# The UPN check letter alphabet leaves out I, O and S, which look like 1, 0 and 5.
_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def normalise_nhs_number(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "")


def nhs_number_problem(value: str) -> str | None:
    """Why an NHS number is not valid, in plain words, or None if it is.

    The 10th digit is a modulus 11 check digit: weights 10 down to 2 on the first nine digits;
    11 minus the remainder is the check digit (11 means 0, and 10 means the number is not valid).
    """
    digits = normalise_nhs_number(value)
    if not digits.isdigit() or len(digits) != 10:
        return "An NHS number is 10 numbers, like 943 476 5919"
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10 or check != int(digits[9]):
        return "This is not a valid NHS number: check it has been copied correctly"
    return None


def upn_problem(value: str) -> str | None:
    """Why a unique pupil number (UPN) is not valid, or None if it is.

    13 characters: a check letter, then 12 characters (the last may be a letter in a temporary
    UPN). The check letter is the sum of each of characters 2 to 13 times its position (2 to 13),
    modulo 23, read from the DfE's 23-letter alphabet.
    """
    upn = (value or "").strip().upper()
    if (
        len(upn) != 13
        or not upn[1:12].isdigit()
        or not (upn[12].isdigit() or upn[12] in _UPN_LETTERS)
    ):
        return "A UPN is 13 characters, like A123456789012"
    values = [int(c) if c.isdigit() else _UPN_LETTERS.index(c) for c in upn[1:]]
    total = sum(v * w for v, w in zip(values, range(2, 14), strict=True))
    if upn[0] != _UPN_LETTERS[total % 23]:
        return "This is not a valid UPN: check it has been copied correctly"
    return None


def upn_check_letter(last_twelve: str) -> str:
    """The check letter for a UPN's last 12 characters (used to make valid fictional UPNs)."""
    values = [int(c) if c.isdigit() else _UPN_LETTERS.index(c) for c in last_twelve.upper()]
    return _UPN_LETTERS[sum(v * w for v, w in zip(values, range(2, 14), strict=True)) % 23]
