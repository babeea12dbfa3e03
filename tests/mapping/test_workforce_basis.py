"""Workforce lines on both bases (actual previous year, budget this year): the section form,
the return page, pre-fill, the CSV import (with and without a ``basis`` column) and export."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from directory.models import StaffRole
from mapping.models import Basis, Cycle, MappingReturn, WorkforceLine
from tests.factories import staff_user

from .conftest import WORKFORCE_ROW, add_lines, formset_data, make_cycle
from .test_import import LA, WF_HEADER, WF_OK, northshire, write  # noqa: F401

WF_BASIS_HEADER = WF_HEADER + ",basis"


def section_url(mapping_return) -> str:
    return reverse("mapping:section_edit", kwargs={"pk": mapping_return.pk, "section": "workforce"})


def test_delegate_records_staff_on_both_bases(world, login):
    client = login(world.users["delegate_assigned"])
    form = client.get(section_url(world.mapping_return)).content.decode()
    assert 'name="lines-0-basis"' in form
    assert "Budget (this year)" in form
    rows = [
        WORKFORCE_ROW | {"basis": "actual", "fte": "1.5", "cost": "45,000"},
        WORKFORCE_ROW | {"basis": "budget", "fte": "2", "cost": "61,000.50"},
    ]
    response = client.post(section_url(world.mapping_return), formset_data("lines", rows))
    assert response.status_code == 302
    lines = WorkforceLine.objects.filter(mapping_return=world.mapping_return)
    assert sorted(lines.values_list("basis", "fte", "cost")) == [
        ("actual", Decimal("1.50"), Decimal("45000.00")),
        ("budget", Decimal("2.00"), Decimal("61000.50")),
    ]
    page = login(world.users["lead"]).get(f"/mapping/returns/{world.mapping_return.pk}/")
    html = page.content.decode()
    assert "Actual (previous year)" in html and "Budget (this year)" in html


def test_a_form_without_a_basis_saves_actuals_and_a_bad_basis_is_refused(world, login):
    client = login(world.users["delegate_assigned"])
    client.post(section_url(world.mapping_return), formset_data("lines", [WORKFORCE_ROW]))
    assert WorkforceLine.objects.get(mapping_return=world.mapping_return).basis == Basis.ACTUAL

    line = WorkforceLine.objects.get(mapping_return=world.mapping_return)
    bad = WORKFORCE_ROW | {"id": str(line.pk), "basis": "forecast"}
    response = client.post(section_url(world.mapping_return), formset_data("lines", [bad], 1))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert WorkforceLine.objects.get(pk=line.pk).basis == Basis.ACTUAL


def test_prefill_keeps_each_workforce_lines_basis(world, login):
    add_lines(world.mapping_return)
    WorkforceLine.objects.create(
        mapping_return=world.mapping_return,
        group="youth",
        basis=Basis.BUDGET,
        fte=Decimal("3"),
        cost=Decimal("70000"),
    )
    new_cycle = make_cycle("2010/11")
    client = login(world.users["lead"])
    client.post(f"/mapping/la/{world.la.slug}/cycles/{new_cycle.pk}/prefill/")
    new = MappingReturn.objects.get(cycle=new_cycle, service=world.service)
    assert sorted(new.workforce_lines.values_list("basis", "fte")) == [
        ("actual", Decimal("2.50")),
        ("budget", Decimal("3.00")),
    ]


def test_workforce_import_without_a_basis_column_reads_actuals(northshire, tmp_path):  # noqa: F811
    wf = write(tmp_path, "workforce.csv", WF_HEADER, WF_OK)
    call_command("import_mapping_returns", workforce=wf)
    assert set(WorkforceLine.objects.values_list("basis", flat=True)) == {"actual"}


def test_workforce_import_with_a_basis_column(northshire, tmp_path):  # noqa: F811
    rows = [f"{WF_OK[0]},budget", f"{WF_OK[1]},actual", f"{WF_OK[1]},"]
    wf = write(tmp_path, "workforce.csv", WF_BASIS_HEADER, rows)
    call_command("import_mapping_returns", workforce=wf)
    assert sorted(WorkforceLine.objects.values_list("role", "basis")) == [
        ("Family worker", "actual"),
        ("Family worker", "actual"),  # a blank cell means actual too
        ("Nursery nurse", "budget"),
    ]


def test_workforce_import_refuses_an_unknown_basis_and_saves_nothing(
    northshire,  # noqa: F811
    tmp_path: Path,
    capsys,
):
    rows = [f"{WF_OK[0]},budget", f"{WF_OK[1]},forecast"]
    wf = write(tmp_path, "workforce.csv", WF_BASIS_HEADER, rows)
    with pytest.raises(CommandError):
        call_command("import_mapping_returns", workforce=wf)
    err = capsys.readouterr().err
    assert "workforce.csv line 3: basis 'forecast' is not one of actual, budget." in err
    assert not WorkforceLine.objects.exists()


def test_workforce_import_still_refuses_unknown_columns(northshire, tmp_path, capsys):  # noqa: F811
    wf = write(tmp_path, "workforce.csv", WF_HEADER + ",grade", [f"{WF_OK[0]},5"])
    with pytest.raises(CommandError):
        call_command("import_mapping_returns", workforce=wf)
    assert "optionally with basis (unexpected column(s): grade)" in capsys.readouterr().err


def test_exported_workforce_lines_carry_their_basis_and_import_back(
    northshire,  # noqa: F811
    tmp_path,
    client,
):
    rows = [f"{WF_OK[0]},budget", f"{WF_OK[1]},actual"]
    call_command(
        "import_mapping_returns", workforce=write(tmp_path, "wf.csv", WF_BASIS_HEADER, rows)
    )
    client.force_login(staff_user(northshire, StaffRole.MAPPING_LEAD))
    cycle = Cycle.objects.get(label="2009/10")
    url = f"/mapping/la/{northshire.slug}/cycles/{cycle.pk}/export/workforce.csv"
    exported = client.get(url).content
    assert exported.decode("utf-8-sig").splitlines()[0] == WF_BASIS_HEADER
    before = sorted(WorkforceLine.objects.values_list("role", "basis", "fte", "cost"))
    (tmp_path / "again.csv").write_bytes(exported)
    call_command("import_mapping_returns", workforce=tmp_path / "again.csv")
    assert sorted(WorkforceLine.objects.values_list("role", "basis", "fte", "cost")) == before
    assert LA in exported.decode()
