"""The second sign-in step: a code from an authenticator app (TOTP), or a single-use backup code.

django-otp does the cryptography, keeps each device's last used time step (so a code cannot be
used twice) and slows down repeated wrong codes; this module only says which devices a person
has and sets them up. Every account needs the second step before it can see anything.

Setting up an app needs more than the password: a single-use set-up link a system administrator
issued for this account (models.SetUpLink). Otherwise anyone who learnt the password of an
account with no app and no backup codes left (a new one, one whose codes were reset, a demo
account after its ten codes) could add their own app and be in.
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass

import segno
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from safetymap.accounts import links
from safetymap.accounts.models import SetUpLink, User
from safetymap.audit.models import Action
from safetymap.audit.services import record

APP_DEVICE = "Authenticator app"
BACKUP_DEVICE = "Backup codes"
BACKUP_CODE_COUNT = 10
# Backup codes: 10 characters from an alphabet without look-alikes (no 0/O, 1/l/I).
BACKUP_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
BACKUP_CODE_LENGTH = 10


class CodeRefused(Exception):
    """The code was wrong, used before, or too many wrong codes were tried; says which."""


NEEDS_SET_UP_LINK = (
    "To set up your security codes you need a set-up link from a system administrator. Ask "
    "your organisation's system administrator for one: they will check who you are first."
)


def has_second_step(user: User) -> bool:
    """True once the person has a confirmed authenticator app or any backup codes left."""
    return (
        TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        or StaticToken.objects.filter(device__user=user, device__confirmed=True).exists()
    )


def verify(request, user: User, code: str) -> None:
    """Check a code against the person's devices and mark the session as having passed the
    second step; raise CodeRefused with the reason, in plain words."""
    code = "".join(code.split()).lower()
    devices = [
        *TOTPDevice.objects.filter(user=user, confirmed=True),
        *StaticDevice.objects.filter(user=user, confirmed=True),
    ]
    for device in devices:
        allowed, _ = device.verify_is_allowed()
        if not allowed:
            raise CodeRefused(
                "Too many wrong codes. Wait a minute, then try again with a new code."
            )
    for device in devices:
        if device.verify_token(code):
            otp_login(request, device)
            record(
                actor=user,
                action=Action.SECOND_STEP,
                subject=user,
                basis="own account",
                details={"device": device.name},
            )
            return
    record(actor=user, action=Action.SECOND_STEP_FAILED, subject=user, basis="own account")
    raise CodeRefused(
        "That code is not right. Enter the 6-digit code your app shows now, or one of your "
        "backup codes. Each code works only once."
    )


# The set-up link opened in this browser (its id, never its token), kept through signing in.
SET_UP_LINK_SESSION_KEY = "set_up_link"


def usable_set_up_link(token: str) -> SetUpLink | None:
    """The link a token belongs to, if it can still be used (unused, in time, account open)."""
    if len(token) != 43:
        return None
    link = SetUpLink.objects.select_related("user").filter(token_hash=links.hash_of(token)).first()
    return link if link is not None and link.is_usable() else None


def set_up_link_of(request: HttpRequest, user: User) -> SetUpLink | None:
    """The usable set-up link this browser opened, if it is for this person's account."""
    link_id = request.session.get(SET_UP_LINK_SESSION_KEY)
    if not isinstance(link_id, int):
        return None
    link = SetUpLink.objects.select_related("user").filter(pk=link_id, user=user).first()
    return link if link is not None and link.is_usable() else None


@dataclass(frozen=True)
class Enrolment:
    """What the set-up page shows: the secret as a QR code and as text to type in."""

    device: TOTPDevice
    qr_svg: str
    secret_for_typing: str


def start_enrolment(user: User) -> Enrolment:
    """The person's authenticator app not yet confirmed, created if need be (the same secret
    is shown again if they reload the page)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE, confirmed=False)
    issuer = settings.SAFETYMAP_SERVICE_NAME
    qr = segno.make(device.config_url, error="m")  # otpauth:// URL; issuer is OTP_TOTP_ISSUER
    svg = qr.svg_inline(scale=5, title=f"QR code to add {issuer} to your authenticator app")
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    return Enrolment(device=device, qr_svg=svg, secret_for_typing=grouped)


@transaction.atomic
def confirm_enrolment(request, user: User, code: str) -> list[str]:
    """Confirm the app with a code it shows, using up the set-up link this browser opened; mark
    the session as having passed the second step, and return a new set of backup codes to show
    once."""
    link = set_up_link_of(request, user)
    if link is not None:
        link = SetUpLink.objects.select_for_update().get(pk=link.pk)
    if link is None or not link.is_usable():
        raise CodeRefused(NEEDS_SET_UP_LINK)
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None:
        raise CodeRefused("Start again: the set-up has expired.")
    if not device.verify_token("".join(code.split())):
        raise CodeRefused(
            "That code is not right. Enter the 6-digit code your app shows for "
            f"{settings.SAFETYMAP_SERVICE_NAME} now."
        )
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    request.session.pop(SET_UP_LINK_SESSION_KEY, None)
    codes = new_backup_codes(user)
    otp_login(request, device)
    record(
        actor=user,
        action=Action.UPDATE,
        subject=user,
        basis="own account",
        details={"second_step": "authenticator app set up", "set_up_link": link.pk},
    )
    return codes


def new_backup_codes(user: User, codes: list[str] | None = None) -> list[str]:
    """Replace the person's backup codes with a new set (random unless given, as for the
    fictional demo accounts) and return them."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_DEVICE, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = codes or [
        "".join(secrets.choice(BACKUP_ALPHABET) for _ in range(BACKUP_CODE_LENGTH))
        for _ in range(BACKUP_CODE_COUNT)
    ]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes
