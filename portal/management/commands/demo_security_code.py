"""Print a demo login's current second-factor code, so the demo works without a phone.

Demo mode only (``WAYMARK_DEMO_MODE``, on in the dev settings): elsewhere it refuses, since it
would let anyone with a shell skip the second factor.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.security.second_factor import pending_device


class Command(BaseCommand):
    help = "Print the current 6-digit security code of a demo login (demo mode only)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        if not settings.WAYMARK_DEMO_MODE:
            raise CommandError("Only in demo mode (WAYMARK_DEMO_MODE): real staff use their app.")
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No login called {username!r}.")
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        device = device or pending_device(user)
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        self.stdout.write(f"{code:06d}")
