"""Every mapping URL, for every role, on the user's own LA and on another LA.

The URL list is walked from the resolver, so a new mapping URL without an entry in ACCESS fails
``test_every_mapping_url_has_a_rule`` until someone decides who may use it.
"""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from directory.exchange.models import PendingImport
from directory.models import Membership, StaffRole
from mapping.models import ClientGroup, Partnership, Registration, TeamInvitation
from tests.factories import staff_user

ROLES = [
    "anonymous",
    "editor",
    "delegate_assigned",
    "delegate_unassigned",
    "lead",
    "dcs",
    "national_admin",
]
ANY = {"delegate_assigned", "delegate_unassigned", "lead", "dcs", "national_admin"}
ADMIN = {"national_admin"}
LEAD = {"lead", "national_admin"}
LA_WIDE = {"lead", "dcs", "national_admin"}
DCS = {"dcs", "national_admin"}
VIEWER = {"lead", "dcs", "delegate_assigned", "national_admin"}

#: Who may open each mapping URL on their own LA's objects (other LAs: national admin only).
ACCESS = {
    "dashboard": ANY,
    "sandbox": ANY,
    "guidance": ANY,
    "tutorial": ANY,
    "guidance_edit": ADMIN,
    "cycle_list": ANY,
    "cycle_create": ADMIN,
    "cycle_edit": ADMIN,
    "cycle_detail": LA_WIDE,
    "extension_decide": ADMIN,
    "extension_request": LEAD,
    "cycle_publish": ADMIN,
    "results_release": ADMIN,
    "import": ADMIN,
    "import_status": ADMIN,
    "partnership_list": LA_WIDE,
    "partnership_create": LEAD,
    "partnership_edit": LEAD,
    "progress": LA_WIDE,
    "pick_services": LEAD,
    "new_service": LEAD,
    "prefill": LEAD,
    "chase": LEAD,
    "confirm_completion": LEAD,
    "sign_off": DCS,
    "commentary": LEAD,
    "unlock": ADMIN,
    "export": LA_WIDE,
    "priorities": LA_WIDE,
    "tags": LA_WIDE,
    "return_detail": VIEWER,
    "assign": LEAD,
    "return_history": LA_WIDE,
    "section_edit": VIEWER - {"dcs"},
    "section_review": LEAD,
    "register": LEAD,
    "team": LEAD,
    "member_partner": LEAD,
    "member_remove": LEAD,
    "invitation_withdraw": LEAD,
    "registrations": ADMIN,
    "client_groups": ADMIN,
    "client_group_edit": ADMIN,
    "registration_decide": ADMIN,
    "accept_invitation": ANY | {"anonymous", "editor"},
}
#: Open without signing in (an invitation link; a forged token is a 404 for everyone).
PUBLIC = {"accept_invitation"}


def mapping_patterns() -> dict[str, URLPattern]:
    """The mapping namespace's own URL patterns (nested namespaces such as reports excluded)."""
    (resolver,) = [
        p
        for p in get_resolver().url_patterns
        if isinstance(p, URLResolver) and p.namespace == "mapping"
    ]
    found = {}

    def walk(patterns):
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace is None:
                    walk(p.url_patterns)
            elif p.name:
                found[p.name] = p

    walk(resolver.url_patterns)
    return found


def team_objects(world) -> dict:
    """A delegate's membership, an invitation and a registration in each LA."""
    objects = {}
    for own, la in ((True, world.la), (False, world.other_la)):
        delegate = staff_user(la, StaffRole.DELEGATE)
        lead = world.users["lead" if own else "other_lead"]
        objects[own] = {
            "membership_id": Membership.objects.get(user=delegate).pk,
            "invitation_id": TeamInvitation.objects.create(
                local_authority=la, cycle=world.cycle, email="a@b.example", role="delegate"
            ).pk,
            "registration": Registration.objects.create(
                cycle=world.cycle, local_authority=la, lead=lead
            ).pk,
        }
    return objects


def kwargs_for(
    name: str, pattern: URLPattern, world, own: bool, partnership, team: dict | None = None
) -> dict:
    la = world.la if own else world.other_la
    mapping_return = world.mapping_return if own else world.other_return
    team = (team or {}).get(own, {})
    pk = mapping_return.pk
    if name.startswith("partnership"):
        pk = partnership.pk
    elif name.startswith("registration") and team:
        pk = team["registration"]
    values = {
        "la_slug": la.slug,
        "cycle_id": world.cycle.pk,
        "section": "finance",
        "kind": "investment",
        "vocabulary": "tier",
        "key": "universal",
        "role": "lead",
        "pk": pk,
        "membership_id": team.get("membership_id", 0),
        "invitation_id": team.get("invitation_id", 0),
        "group_id": ClientGroup.objects.filter(local_authority__isnull=True).first().pk,
        "token": "not-a-real-invitation",
    }
    if name == "import_status":  # a returns import the national admin started
        values["token"] = running_import(world.users["national_admin"]).token
    return {key: values[key] for key in pattern.pattern.converters}


def running_import(user) -> PendingImport:
    pending, _ = PendingImport.objects.get_or_create(
        user=user,
        kind=PendingImport.Kind.MAPPING_RETURNS,
        defaults={"file_name": "investment.csv", "queued_at": timezone.now()},
    )
    return pending


def is_scoped(pattern: URLPattern) -> bool:
    return bool({"la_slug", "pk"} & set(pattern.pattern.converters))


def test_every_mapping_url_has_a_rule():
    assert set(mapping_patterns()) == set(ACCESS)


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(role, world, client):
    partnerships = {
        True: Partnership.objects.create(local_authority=world.la, name="North CT", slug="n-ct"),
        False: Partnership.objects.create(
            local_authority=world.other_la, name="South CT", slug="s-ct"
        ),
    }
    team = team_objects(world)
    if role != "anonymous":
        client.force_login(world.users[role])
    checked = 0
    for name, pattern in mapping_patterns().items():
        for own in (True, False) if is_scoped(pattern) else (True,):
            url = reverse(
                f"mapping:{name}",
                kwargs=kwargs_for(name, pattern, world, own, partnerships[own], team),
            )
            if name in PUBLIC:
                assert client.get(url).status_code == 404, f"{role} GET {url}"
                checked += 1
                continue
            allowed = role in ACCESS[name] and (own or role == "national_admin")
            response = client.get(url)
            where = f"{role} GET {url} ({'own' if own else 'other'} LA)"
            if role == "anonymous":
                assert response.status_code == 302, where
                assert response["Location"].startswith("/admin/login/"), where
            elif allowed:
                assert response.status_code in (200, 405), f"{where}: {response.status_code}"
            elif not own and role in ACCESS[name]:
                # Another council's object answers exactly as a missing one would.
                assert response.status_code == 404, f"{where}: {response.status_code}"
                assert client.post(url, {}).status_code == 404, f"{role} POST {url}"
            else:
                assert response.status_code in (403, 404), f"{where}: {response.status_code}"
                post = client.post(url, {})
                assert post.status_code in (403, 404), f"{role} POST {url}: {post.status_code}"
            checked += 1
    assert checked >= len(ACCESS)


@pytest.mark.parametrize("role", ["lead", "national_admin", "delegate_assigned"])
def test_junk_posts_never_cause_a_server_error(role, world, client):
    partnership = Partnership.objects.create(local_authority=world.la, name="CT", slug="ct")
    team = team_objects(world)
    client.force_login(world.users[role])
    junk = {
        "services": "x",
        "delegate": "abc",
        "due_date": "31/02/2010",
        "lines-TOTAL_FORMS": "zz",
        "decision": "maybe",
        "remove": "1 OR 1=1",
        "label": "20/21",
        "state": "party",
        "step": "confirm",
        "digest": "0",
        "submit": "1",
    }
    for name, pattern in mapping_patterns().items():
        url = reverse(
            f"mapping:{name}", kwargs=kwargs_for(name, pattern, world, True, partnership, team)
        )
        for data in ({}, junk):
            response = client.post(url, data)
            assert response.status_code < 500, f"{role} POST {url} {data}: {response.status_code}"


def same_page(response, url: str) -> str:
    """The page with its own URL and its per-response CSRF token (sign-out form) blanked."""
    body = response.content.decode().replace(url, "URL")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", body)


@pytest.mark.parametrize("role", ["lead", "dcs", "delegate_assigned"])
def test_another_councils_return_answers_exactly_like_a_missing_one(role, world, client):
    """Return ids are sequential: a 403 would confirm that another council's return exists."""
    client.force_login(world.users[role])
    other = world.other_return.pk
    missing = other + 1000
    for suffix in ["", "assign/", "history/", "finance/", "finance/review/"]:
        theirs_url = f"/mapping/returns/{other}/{suffix}"
        absent_url = f"/mapping/returns/{missing}/{suffix}"
        theirs, absent = client.get(theirs_url), client.get(absent_url)
        assert theirs.status_code == absent.status_code, suffix
        assert theirs.status_code == (404 if suffix == "" else absent.status_code), suffix
        assert same_page(theirs, theirs_url) == same_page(absent, absent_url), suffix
