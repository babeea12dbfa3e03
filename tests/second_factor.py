"""Signing staff in with their second factor in tests, as a person with an authenticator would.

The ``client`` fixture (tests/conftest.py) uses ``VerifiedClient``: ``force_login`` also
completes the second factor for anyone who needs one, so tests about other things need not
care. Tests of the second factor itself use the ``password_only_client`` fixture.
"""

from __future__ import annotations

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY, user_has_device
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.security.second_factor import requires_second_factor


def confirmed_device(user) -> TOTPDevice:
    """The user's authenticator, set up and confirmed (created if they have none)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Test authenticator")


def current_code(device: TOTPDevice) -> str:
    """The code the authenticator app would show now."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def mark_verified(client: Client, device: TOTPDevice) -> None:
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


class VerifiedClient(Client):
    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        if requires_second_factor(user) or user_has_device(user):
            mark_verified(self, confirmed_device(user))


def forget_failures(device: TOTPDevice) -> None:
    """Lift django-otp's growing delay after wrong codes (a person would wait it out)."""
    device.refresh_from_db()
    device.throttle_reset(commit=True)
