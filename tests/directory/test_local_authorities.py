"""The shipped list of English local authorities and the command that loads it."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from directory.authorities import DATA_FILE, by_dfe_number, read_rows, upper_tier_for
from directory.models import AuthorityArea
from tests.factories import LocalAuthorityFactory

pytestmark = pytest.mark.django_db


def test_the_list_covers_every_english_authority_once():
    rows = read_rows(DATA_FILE)
    codes = [r["ons_code"] for r in rows]
    assert len(codes) == len(set(codes)) == 317
    upper = [r for r in rows if not r["county_ons_code"]]
    assert len(upper) == 153  # the councils with children's services
    assert all(r["dfe_number"] for r in upper)
    assert len({r["dfe_number"] for r in upper}) == 153
    districts = [r for r in rows if r["county_ons_code"]]
    assert {r["kind"] for r in districts} == {"district"}
    assert {r["county_ons_code"][:3] for r in districts} == {"E10"}


def test_command_loads_idempotently_and_maps_districts_to_counties():
    la = LocalAuthorityFactory(code="E06000013", name="North Lincolnshire", region="")
    call_command("load_local_authorities", verbosity=0)
    assert AuthorityArea.objects.count() == 317
    call_command("load_local_authorities", verbosity=0)
    assert AuthorityArea.objects.count() == 317
    lincoln = AuthorityArea.objects.get(ons_code="E07000138")
    assert lincoln.upper_tier.name == "Lincolnshire" and lincoln.dfe_number is None
    assert upper_tier_for("E07000138").dfe_number == 925
    assert upper_tier_for("E09000033").name == "Westminster"
    assert upper_tier_for("E06000065").name == "North Yorkshire"  # the 2023 unitary
    assert upper_tier_for("W06000001") is None
    assert by_dfe_number("813").ons_code == "E06000013"
    assert by_dfe_number(825).name == "Buckinghamshire"
    la.refresh_from_db()
    assert la.region == "Yorkshire and The Humber"


def test_command_reports_a_file_of_the_wrong_shape(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("code,title\nE1,Somewhere\n")
    with pytest.raises(CommandError, match="not a local authority list"):
        call_command("load_local_authorities", "--file", str(bad), verbosity=0)
    assert not AuthorityArea.objects.exists()
