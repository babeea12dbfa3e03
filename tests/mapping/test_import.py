"""Importing returns from CSV: the command and the admin upload, all or nothing."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from directory.exchange.models import PendingImport
from directory.models import LocalAuthority, Service
from mapping.models import Cycle, InvestmentLine, MappingReturn, WorkforceLine
from tests.factories import LocalAuthorityFactory, ServiceFactory

INV_HEADER = (
    "la_code,la_name,cycle,service_ref,service_name,tier,expenditure_type,"
    "capital_or_revenue,funding_source,basis,amount"
)
WF_HEADER = (
    "la_code,la_name,cycle,service_ref,service_name,tier,workforce_group,role,fte,headcount,cost"
)
LA = "E06000099"
HUB = f"{LA},Northshire,2009/10,NS-001,Riverside Family Hub,universal"
CARERS = f"{LA},Northshire,2009/10,NS-002,Young Carers Project,targeted"
INV_OK = [
    f'{HUB},staffing,revenue,LA,budget,"1,234,567.89"',
    f"{HUB},property,capital,LA,actual,250000",
    f"{CARERS},contracts,revenue,PCT,budget,0.10",
]
WF_OK = [
    f'{HUB},early_years_childcare,Nursery nurse,4.5,5,"98,000.50"',
    f"{CARERS},social_family_community,Family worker,1,,",
]


def write(tmp_path: Path, name: str, header: str, rows: list[str], bom: bool = False) -> Path:
    path = tmp_path / name
    text = "\n".join([header, *rows]) + "\n"
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return path


def row_counts() -> dict[str, int]:
    models = [
        *apps.get_app_config("mapping").get_models(),
        *apps.get_app_config("directory").get_models(),
    ]
    return {m._meta.label: m._default_manager.count() for m in models}


@pytest.fixture
def northshire(db):
    la = LocalAuthorityFactory(code=LA, name="Northshire", slug="northshire")
    ServiceFactory(local_authority=la, name="Riverside Family Hub", la_reference="NS-001")
    return la


def test_command_imports_both_files_with_exact_decimals(northshire, tmp_path, capsys):
    inv = write(tmp_path, "investment.csv", INV_HEADER, INV_OK, bom=True)
    wf = write(tmp_path, "workforce.csv", WF_HEADER, WF_OK)
    call_command("import_mapping_returns", investment=inv, workforce=wf)
    out = capsys.readouterr().out
    assert "Imported: 3 investment lines, 2 workforce lines, 2 returns" in out
    cycle = Cycle.objects.get(label="2009/10")
    assert cycle.data_entry_opens.isoformat() == "2009-11-01"  # standard timetable
    hub = MappingReturn.objects.get(service__la_reference="NS-001")
    assert hub.tier == "universal"
    amounts = sorted(hub.investment_lines.values_list("amount", flat=True))
    assert amounts == [Decimal("250000.00"), Decimal("1234567.89")]
    assert hub.workforce_lines.get().cost == Decimal("98000.50")
    new = Service.objects.get(la_reference="NS-002")
    assert (new.name, new.is_public, new.live) == ("Young Carers Project", False, True)
    assert WorkforceLine.objects.get(role="Family worker").headcount is None

    # Importing the same files again replaces, never duplicates.
    call_command("import_mapping_returns", investment=inv, workforce=wf)
    assert InvestmentLine.objects.count() == 3 and WorkforceLine.objects.count() == 2


def test_unknown_la_needs_the_create_flag(db, tmp_path):
    inv = write(tmp_path, "investment.csv", INV_HEADER, INV_OK)
    with pytest.raises(CommandError):
        call_command("import_mapping_returns", investment=inv)
    assert not MappingReturn.objects.exists()
    call_command("import_mapping_returns", investment=inv, create_missing_las=True)
    assert LocalAuthority.objects.get(code=LA).name == "Northshire"
    assert MappingReturn.objects.count() == 2


MALFORMED = [
    # (name, file kind, content bytes, expected message)
    (
        "not utf-8",
        "investment",
        (INV_HEADER + "\n" + INV_OK[0] + ",Caf\xe9\n").encode("latin-1"),
        "investment.csv: the file is not UTF-8 text",
    ),
    ("empty", "investment", b"", "investment.csv: the file is empty; a header row is required."),
    (
        "no header",
        "investment",
        (INV_OK[0] + "\n").encode(),
        "investment.csv line 1: the header row must be exactly",
    ),
    (
        "missing column",
        "investment",
        (INV_HEADER.replace(",basis", "") + "\n").encode(),
        "missing column(s): basis",
    ),
    (
        "extra column",
        "workforce",
        (WF_HEADER + ",notes\n" + WF_OK[0] + ",x\n").encode(),
        "unexpected column(s): notes",
    ),
    (
        "header only",
        "workforce",
        (WF_HEADER + "\n").encode(),
        "workforce.csv: the file has a header row but no data rows.",
    ),
    (
        "bad tier",
        "investment",
        (INV_HEADER + "\n" + INV_OK[2].replace("targeted", "medium") + "\n").encode(),
        "investment.csv line 2: tier 'medium' is not one of universal, targeted, specialist, "
        "support.",
    ),
    (
        "bad expenditure type",
        "investment",
        (INV_HEADER + "\n" + INV_OK[2].replace("contracts", "travel") + "\n").encode(),
        "expenditure_type 'travel' is not one of staffing, property, other_capital, contracts, "
        "revenue, other",
    ),
    (
        "amount too large",
        "investment",
        (INV_HEADER + "\n" + INV_OK[2].replace("0.10", '"1,000,000,000,000"') + "\n").encode(),
        "investment.csv line 2: '1,000,000,000,000' is more than £999,999,999,999.99.",
    ),
    (
        "role too long",
        "workforce",
        (WF_HEADER + "\n" + WF_OK[1].replace("Family worker", "x" * 201) + "\n").encode(),
        "workforce.csv line 2: role is longer than 200 characters.",
    ),
    (
        "bad basis",
        "investment",
        (INV_HEADER + "\n" + INV_OK[2].replace(",budget,", ",forecast,") + "\n").encode(),
        "basis 'forecast' is not one of actual, budget",
    ),
    (
        "three decimals",
        "investment",
        (INV_HEADER + "\n" + INV_OK[2].replace("0.10", "0.105") + "\n").encode(),
        "investment.csv line 2: '0.105' is not an amount in pounds",
    ),
    (
        "float notation",
        "investment",
        (INV_HEADER + "\n" + INV_OK[2].replace("0.10", "1e6") + "\n").encode(),
        "'1e6' is not an amount in pounds",
    ),
    (
        "negative amount",
        "investment",
        (INV_HEADER + "\n" + INV_OK[2].replace("0.10", "-5") + "\n").encode(),
        "'-5' is not an amount in pounds",
    ),
    (
        "bad workforce group",
        "workforce",
        (WF_HEADER + "\n" + WF_OK[1].replace("social_family_community", "social") + "\n").encode(),
        "workforce_group 'social' is not one of managers_and_leaders",
    ),
    (
        "bad fte",
        "workforce",
        (WF_HEADER + "\n" + WF_OK[1].replace(",1,,", ",one,,") + "\n").encode(),
        "workforce.csv line 2: 'one' is not a number with up to two decimals",
    ),
    (
        "bad headcount",
        "workforce",
        (WF_HEADER + "\n" + WF_OK[1].replace(",1,,", ",1,2.5,") + "\n").encode(),
        "headcount '2.5' is not a whole number",
    ),
    (
        "bad cycle label",
        "investment",
        (INV_HEADER + "\n" + INV_OK[2].replace("2009/10", "2009-2010") + "\n").encode(),
        "cycle '2009-2010' is not a label like 2009/10",
    ),
    (
        "wrong value count",
        "investment",
        (INV_HEADER + "\n" + INV_OK[2] + ",extra\n").encode(),
        "investment.csv line 2: has 12 values, expected 11.",
    ),
    (
        "unknown la",
        "investment",
        (INV_HEADER + "\n" + INV_OK[2].replace(LA, "E09000001") + "\n").encode(),
        "unknown local authority 'E09000001' (use --create-missing-las to create it)",
    ),
    (
        "new service without a name",
        "investment",
        (INV_HEADER + "\n" + INV_OK[2].replace("Young Carers Project", "") + "\n").encode(),
        "service_name is needed to create the new service 'NS-002'",
    ),
    (
        "two tiers in one cycle",
        "investment",
        (
            INV_HEADER + "\n" + INV_OK[0] + "\n" + INV_OK[1].replace("universal", "targeted") + "\n"
        ).encode(),
        "investment.csv line 3: service NS-001 has tier 'targeted' in 2009/10 but 'universal' "
        "on investment.csv line 2",
    ),
]


@pytest.mark.parametrize(
    "kind,content,message", [m[1:] for m in MALFORMED], ids=[m[0] for m in MALFORMED]
)
def test_malformed_files_are_refused_whole_with_a_specific_message(
    northshire, tmp_path, capsys, kind, content, message
):
    bad = tmp_path / f"{kind}.csv"
    bad.write_bytes(content)
    good = (
        write(tmp_path, "workforce_ok.csv", WF_HEADER, WF_OK)
        if kind == "investment"
        else write(tmp_path, "investment_ok.csv", INV_HEADER, INV_OK)
    )
    before = row_counts()
    with pytest.raises(CommandError, match="Import refused"):
        call_command(
            "import_mapping_returns",
            investment=bad if kind == "investment" else good,
            workforce=good if kind == "investment" else bad,
        )
    assert message in capsys.readouterr().err
    assert row_counts() == before  # nothing written, not even the good file's rows


def test_every_bad_row_is_reported(northshire, tmp_path, capsys):
    rows = [
        INV_OK[0],
        INV_OK[1].replace("property", "cars"),
        INV_OK[2].replace("0.10", "abc"),
        INV_OK[2].replace("revenue", "both"),
    ]
    inv = write(tmp_path, "investment.csv", INV_HEADER, rows)
    with pytest.raises(CommandError, match="3 problem"):
        call_command("import_mapping_returns", investment=inv)
    err = capsys.readouterr().err
    for line in (
        "line 3: expenditure_type 'cars'",
        "line 4: 'abc'",
        "line 5: capital_or_revenue 'both'",
    ):
        assert line in err


def test_counts_too_large_for_the_database_are_refused_before_anything_is_written(
    northshire, tmp_path, capsys
):
    """A headcount or property count the preview accepted used to fail only when confirmed
    (an integer overflow in the write), leaving the person with a failed import."""
    wf = write(
        tmp_path,
        "workforce.csv",
        WF_HEADER,
        [
            f"{HUB},early_years_childcare,Nursery nurse,4.5,99999999999999999999,",
            f"{HUB},early_years_childcare,Cook,1,3000000000,",
            f"{CARERS},social_family_community,Family worker,1,\u00b2,",
        ],
    )
    inv = write(
        tmp_path,
        "investment.csv",
        INV_HEADER + ",other_description,property_count",
        [f"{HUB},property,capital,LA,actual,250000,,99999999999999999999"],
    )
    before = row_counts()
    with pytest.raises(CommandError, match="4 problem"):
        call_command("import_mapping_returns", investment=inv, workforce=wf)
    err = capsys.readouterr().err
    assert "line 2: property_count '99999999999999999999' is more than 2,147,483,647" in err
    assert "line 2: headcount '99999999999999999999' is more than 2,147,483,647" in err
    assert "line 3: headcount '3000000000' is more than 2,147,483,647" in err
    assert "line 4: headcount '\u00b2' is not a whole number" in err
    assert row_counts() == before


def test_admin_upload_previews_then_imports(northshire, tmp_path, client):
    from django.contrib.auth.models import Group

    from directory.permissions import NATIONAL_ADMIN_GROUP
    from tests.factories import UserFactory

    admin = UserFactory(username="importer")
    admin.groups.add(Group.objects.get_or_create(name=NATIONAL_ADMIN_GROUP)[0])
    client.force_login(admin)
    inv = write(tmp_path, "investment.csv", INV_HEADER, INV_OK, bom=True)
    wf = write(tmp_path, "workforce.csv", WF_HEADER, WF_OK)
    before = row_counts()
    with inv.open("rb") as i, wf.open("rb") as w:
        preview = client.post("/mapping/import/", {"investment": i, "workforce": w})
    html = preview.content.decode()
    assert "Preview: nothing has been saved yet" in html
    assert "Young Carers Project" in html  # the service it will create
    assert row_counts() == before

    # The files wait in the database; only the person who uploaded them can confirm.
    pending = PendingImport.objects.get(kind="mapping_returns")
    assert pending.files.count() == 2
    confirm = {"step": "confirm", "token": str(pending.token)}
    other = UserFactory(username="other-admin")
    other.groups.add(Group.objects.get(name=NATIONAL_ADMIN_GROUP))
    client.force_login(other)
    assert client.post("/mapping/import/", confirm).status_code == 404
    assert client.post("/mapping/import/", {"step": "confirm", "token": "x"}).status_code == 404
    assert row_counts() == before
    client.force_login(admin)
    response = client.post("/mapping/import/", confirm, follow=True)
    assert "Imported: 3 investment lines" in response.content.decode()
    assert InvestmentLine.objects.count() == 3
    # A second click imports nothing more; the files are gone once imported.
    completed_at = PendingImport.objects.get(pk=pending.pk).completed_at
    again = client.post("/mapping/import/", confirm, follow=True)
    assert "Imported: 3 investment lines" in again.content.decode()
    assert PendingImport.objects.get(pk=pending.pk).completed_at == completed_at
    assert not PendingImport.objects.get(pk=pending.pk).files.exists()

    with (tmp_path / "bad.csv").open("wb") as f:
        f.write((INV_HEADER + "\n" + INV_OK[2].replace("targeted", "medium") + "\n").encode())
    with (tmp_path / "bad.csv").open("rb") as i:
        refused = client.post("/mapping/import/", {"investment": i})
    html = refused.content.decode()
    assert "The files were refused; nothing was saved" in html
    assert "bad.csv line 2: tier &#x27;medium&#x27;" in html


def test_exported_lines_import_back_unchanged(northshire, tmp_path, client):
    from directory.models import StaffRole
    from tests.factories import staff_user

    inv = write(tmp_path, "investment.csv", INV_HEADER, INV_OK)
    wf = write(tmp_path, "workforce.csv", WF_HEADER, WF_OK)
    call_command("import_mapping_returns", investment=inv, workforce=wf)
    client.force_login(staff_user(northshire, StaffRole.MAPPING_LEAD))
    cycle = Cycle.objects.get(label="2009/10")
    base = f"/mapping/la/{northshire.slug}/cycles/{cycle.pk}/export/"
    WorkforceLine.objects.filter(pk=WorkforceLine.objects.first().pk).update(role="=1+2")
    exported_inv = client.get(base + "investment.csv")
    assert exported_inv["Content-Type"].startswith("text/csv")
    text = exported_inv.content.decode("utf-8-sig")  # a BOM, so Excel reads accents right
    # Today's columns, unchanged and in place, then the optional ones the import also reads.
    assert text.splitlines()[0] == INV_HEADER + ",other_description,property_count"
    assert "1234567.89" in text
    exported_wf = client.get(base + "workforce.csv").content
    assert b",'=1+2," in exported_wf  # shown as text by a spreadsheet, not run
    before = sorted(InvestmentLine.objects.values_list("amount", "basis"))
    (tmp_path / "again_inv.csv").write_bytes(exported_inv.content)
    (tmp_path / "again_wf.csv").write_bytes(exported_wf)
    call_command(
        "import_mapping_returns",
        investment=tmp_path / "again_inv.csv",
        workforce=tmp_path / "again_wf.csv",
    )
    assert sorted(InvestmentLine.objects.values_list("amount", "basis")) == before
    assert WorkforceLine.objects.count() == 2
    assert WorkforceLine.objects.filter(role="=1+2").exists()  # read back as it was


def test_admin_uploads_a_performance_file_alone(northshire, tmp_path, client):
    """The upload form's performance file goes through preview and the pending runner."""
    from django.contrib.auth.models import Group

    from directory.permissions import NATIONAL_ADMIN_GROUP
    from mapping.models import PerformanceMeasure
    from mapping.services.outcomes import ensure_ecm_outcomes
    from tests.factories import UserFactory

    ensure_ecm_outcomes()
    admin = UserFactory(username="importer")
    admin.groups.add(Group.objects.get_or_create(name=NATIONAL_ADMIN_GROUP)[0])
    client.force_login(admin)
    header = (
        "la_code,la_name,cycle,service_ref,service_name,tier,"
        "measure,outcome,unit,baseline,target,achieved,outcome_achieved"
    )
    perf = write(
        tmp_path,
        "performance.csv",
        header,
        [f"{HUB},Good level of development,Be healthy,%,48.5,60,55.25,More ready for school"],
    )
    with perf.open("rb") as p:
        preview = client.post("/mapping/import/", {"performance": p})
    assert "Preview: nothing has been saved yet" in preview.content.decode()
    assert not PerformanceMeasure.objects.exists()
    pending = PendingImport.objects.get(kind="mapping_returns")
    confirm = {"step": "confirm", "token": str(pending.token)}
    response = client.post("/mapping/import/", confirm, follow=True)
    assert "1 performance measures" in response.content.decode()
    measure = PerformanceMeasure.objects.get()
    assert (measure.outcome.name, measure.achieved) == ("Be healthy", Decimal("55.25"))
    assert measure.mapping_return.service.la_reference == "NS-001"
