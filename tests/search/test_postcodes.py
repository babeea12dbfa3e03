"""Loading the open postcode data, and finding places from it."""

from __future__ import annotations

import gzip

import pytest
from django.core.management import CommandError, call_command

from search.models import Postcode
from search.postcodes import PostcodeError, locate

pytestmark = pytest.mark.django_db


def test_sample_loads_the_demo_areas():
    call_command("load_postcodes", "--sample", verbosity=0)
    scunthorpe = Postcode.objects.get(postcode="DN15 6NL")
    assert scunthorpe.local_authority_code == "E06000013"
    assert abs(scunthorpe.latitude - 53.593) < 0.01 and abs(scunthorpe.longitude + 0.643) < 0.01
    assert set(Postcode.objects.values_list("local_authority_code", flat=True)) == {
        "E06000012",
        "E06000013",
    }
    count = Postcode.objects.count()
    call_command("load_postcodes", "--sample", verbosity=0)
    assert Postcode.objects.count() == count  # loading twice updates, never duplicates


def test_onspd_csv_skips_terminated_and_ungridded_postcodes(tmp_path):
    csv = tmp_path / "onspd.csv"
    csv.write_text(
        "pcd,pcds,doterm,oslaua,lat,long\n"
        "DN156NL,DN15 6NL,,E06000013,53.592985,-0.642786\n"
        "DN156XX,DN15 6XX,202001,E06000013,53.59,-0.64\n"
        "DN157ZZ,DN15 7ZZ,,E06000013,99.999999,0.000000\n"
        "bad,NOT A POSTCODE,,E06000013,53.5,-0.6\n"
    )
    call_command("load_postcodes", "--onspd", str(csv), verbosity=0)
    assert list(Postcode.objects.values_list("postcode", flat=True)) == ["DN15 6NL"]


def test_code_point_open_eastings_and_northings_become_latitude_longitude(tmp_path):
    folder = tmp_path / "Data" / "CSV"
    folder.mkdir(parents=True)
    with gzip.open(folder / "dn.csv.gz", "wt") as handle:
        handle.write('"DN15 6NL",10,489250,411350,"E92000001","","","","E06000013","E05001"\n')
    (folder / "ls.csv").write_text(
        '"LS1 1UR",10,429800,433500,"E92000001","","","","E08000035",""\n'
    )
    call_command("load_postcodes", "--codepoint", str(tmp_path), verbosity=0)
    dn = Postcode.objects.get(postcode="DN15 6NL")
    assert abs(dn.latitude - 53.59) < 0.02 and abs(dn.longitude + 0.64) < 0.02
    assert dn.local_authority_code == "E06000013"
    leeds = Postcode.objects.get(postcode="LS1 1UR")
    assert abs(leeds.latitude - 53.79) < 0.02 and abs(leeds.longitude + 1.55) < 0.02


def test_package_subset_by_local_authority():
    call_command(
        "load_postcodes", "--package", "--area", "DN", "--local-authority", "E06000012", verbosity=0
    )
    assert Postcode.objects.filter(outward="DN31").exists()
    assert not Postcode.objects.exclude(local_authority_code="E06000012").exists()


def test_missing_or_wrong_files_are_clear_errors(tmp_path):
    with pytest.raises(CommandError, match="Say where from"):
        call_command("load_postcodes", verbosity=0)
    with pytest.raises(CommandError, match="does not exist"):
        call_command("load_postcodes", "--onspd", str(tmp_path / "nope.csv"), verbosity=0)
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("a,b\n1,2\n")
    with pytest.raises(CommandError, match="not an ONSPD file"):
        call_command("load_postcodes", "--onspd", str(wrong), verbosity=0)


def test_locate_full_outward_and_errors(postcodes):
    assert locate("dn15 6nl").latitude == pytest.approx(53.592985)
    outward = locate("DN15")
    assert outward.outward == "DN15" and 53.58 < outward.latitude < 53.6
    with pytest.raises(PostcodeError, match="Enter a real postcode"):
        locate("12345")
