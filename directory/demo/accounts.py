"""Demo logins: one directory editor per local authority and one national administrator.

Passwords are derived from the seed, so every run prints the same, working credentials.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from directory.models import LocalAuthority, Membership, Organisation, ProviderAccess, StaffRole

LA_STAFF_GROUP = "LA staff"
#: Printed under the demo logins: how the roles that need a second factor sign in.
SECOND_FACTOR_NOTE = (
    "\nNational administrators, mapping leads and DCSs also need a security code: the first\n"
    "sign-in shows a QR code for an authenticator app. Without a phone, in demo mode,\n"
    "`python manage.py demo_security_code USERNAME` prints the code to type in."
)


#: What a local authority's directory editor needs if no "LA staff" group was migrated in.
LA_STAFF_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    *[
        ("directory", f"{action}_{model}")
        for model in ("service", "organisation")
        for action in ("add", "change", "delete", "lock")
    ],
    *[("directory", f"{action}_location") for action in ("add", "change", "delete")],
    ("directory", "view_problemreport"),
    ("directory", "change_problemreport"),
    ("directory", "view_localofferfeedback"),
    ("directory", "change_localofferfeedback"),
    *[("directory", f"{action}_providerinvitation") for action in ("add", "view", "delete")],
    *[("directory", f"{action}_provideraccess") for action in ("view", "delete")],
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    local_authority: str = ""


def _password(seed: int, username: str) -> str:
    digest = hashlib.sha256(f"waymark-demo:{seed}:{username}".encode()).hexdigest()
    return f"demo-{digest[:6]}-{digest[6:12]}"


def la_staff_group() -> Group:
    """The "LA staff" group, created with directory editing permissions if it is missing."""
    group, created = Group.objects.get_or_create(name=LA_STAFF_GROUP)
    if created:
        for app_label, codename in LA_STAFF_PERMISSIONS:
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission:
                group.permissions.add(permission)
    return group


def _user(username: str, password: str, **fields):
    """The demo user, with its seed password when first created.

    An existing user keeps its password: checking it would cost a full password hash per login
    on every run (about a second each), and a person who changed it meant to.
    """
    user, created = get_user_model().objects.get_or_create(username=username, defaults=fields)
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


def ensure_la_login(
    la: LocalAuthority, seed: int, suffix: str, role: str, title: str
) -> tuple[object, DemoLogin, bool]:
    """A demo member of ``la``'s staff in ``role``: (user, login to print, membership created)."""
    username = f"{la.slug}-{suffix}"
    password = _password(seed, username)
    user = _user(
        username,
        password,
        email=f"{username}@example.org",
        first_name="Demo",
        last_name=f"{title} ({la.name})",
    )
    _, created = Membership.objects.get_or_create(user=user, local_authority=la, role=role)
    return user, DemoLogin(username, password, title, la.name), created


def create_demo_logins(local_authorities: list[LocalAuthority], seed: int) -> list[DemoLogin]:
    """Ensure the demo logins exist with their seed-derived passwords; return them."""
    logins = []
    group = la_staff_group()
    for la in local_authorities:
        user, login, _ = ensure_la_login(la, seed, "editor", StaffRole.EDITOR, "Directory editor")
        user.groups.add(group)
        logins.append(login)
        provider = ensure_provider_login(la, seed)
        if provider:
            logins.append(provider)
    username = "national-admin"
    password = _password(seed, username)
    _user(
        username,
        password,
        email="national-admin@example.org",
        first_name="Demo",
        last_name="National administrator",
        is_staff=True,
        is_superuser=True,
    )
    logins.append(DemoLogin(username, password, "National administrator"))
    return logins


def ensure_provider_login(la: LocalAuthority, seed: int) -> DemoLogin | None:
    """A provider account for ``la``'s first organisation with services (signs in at /provider/)."""
    organisation = (
        Organisation.objects.filter(local_authority=la, services__isnull=False)
        .order_by("name")
        .first()
    )
    if organisation is None:
        return None
    username = f"{la.slug}-provider@example.org"
    password = _password(seed, username)
    user = _user(username, password, email=username, first_name="Demo", last_name="Provider")
    ProviderAccess.objects.get_or_create(
        user=user, organisation=organisation, defaults={"local_authority": la}
    )
    return DemoLogin(username, password, f"Provider for {organisation.name} (/provider/)", la.name)
