"""Who must prove a second factor (a time-based one-time password, django-otp) and when.

Mapping leads, Directors of Children's Services and national administrators always; anyone
else who has set up an authenticator, because a second factor that is only sometimes asked
for protects nothing. Staff pages (the admin and mapping) ask for it once per session,
after the password.
"""

from __future__ import annotations

from base64 import b32encode

from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from directory.models import StaffRole
from directory.permissions import is_national_admin

#: Staff roles whose accounts must use a second factor.
ROLES_REQUIRING_SECOND_FACTOR = (StaffRole.MAPPING_LEAD, StaffRole.DCS)


def requires_second_factor(user) -> bool:
    if not user.is_authenticated:
        return False
    if is_national_admin(user):
        return True
    return user.memberships.filter(role__in=ROLES_REQUIRING_SECOND_FACTOR).exists()


#: Session key: whether the user's roles needed a second factor when they signed in. Read
#: from the session, so staff pages pay for no role queries; a role given later applies
#: from the next sign-in (sessions last 12 hours at most).
REQUIRED_KEY = "waymark_second_factor_required"


def remember_requirement(sender, request, user, **kwargs) -> None:
    """``user_logged_in`` receiver: note in the new session whether a second factor is needed."""
    if request is not None and hasattr(request, "session"):
        request.session[REQUIRED_KEY] = requires_second_factor(user)


def must_verify(request) -> bool:
    """Signed in with a password only, and a second factor is needed before going on."""
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return False
    required = request.session.get(REQUIRED_KEY)
    if required is None:  # a session from before this check existed
        required = request.session[REQUIRED_KEY] = requires_second_factor(user)
    return required or user_has_device(user)


def pending_device(user) -> TOTPDevice:
    """The authenticator being set up: unconfirmed until its first code is entered."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def secret_for_people(device: TOTPDevice) -> str:
    """The device's key as the base32 text authenticator apps accept, in groups of four."""
    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
