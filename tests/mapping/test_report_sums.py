"""The running sums the reports read (mapping/models/sums.py) stay exact through every way a
line or a return changes: the forms, the import command and upload, prefill, deletes and bulk
writes. After each change the sums, the investment matrix in every scope and basis, and the LA
profile are compared with the same figures added up from the lines themselves."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Sum

from mapping.models import (
    AMOUNT_COLUMNS,
    AreaSums,
    Basis,
    Cycle,
    ExpenditureType,
    InvestmentLine,
    Locality,
    MappingReturn,
    PartnerOrganisation,
    Partnership,
    ReturnSums,
    Sector,
    WorkforceLine,
    area_sums_kept,
)
from mapping.reports.investment import TIERS, investment_matrix, staffing_comparison
from mapping.reports.profiles import OTHERS, la_profile, trust_profile
from mapping.reports.scope import ReportScope
from mapping.reports.sector import sector_report
from mapping.reports.tables import ZERO, money
from mapping.reports.totals import COLUMNS, return_totals
from mapping.services.workflow import add_services
from tests.factories import ServiceFactory

from .conftest import (
    DETAILS,
    INVESTMENT_ROW,
    WORKFORCE_ROW,
    add_lines,
    formset_data,
    make_cycle,
)
from .reports_data import build_crafted, invest, staff
from .test_import import INV_HEADER, LA, WF_HEADER, write

D = Decimal


def pence(value) -> int:
    return int(money(value) * 100)


def lines_per_return() -> dict[int, dict[str, int]]:
    """Every return's sums added up from its lines, in the units ReturnSums keeps."""
    sums: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in MappingReturn.objects.all():
        sums[r.pk]["investment_lines"] = 0
    for line in InvestmentLine.objects.all():
        row = sums[line.mapping_return_id]
        row[AMOUNT_COLUMNS[line.basis, line.expenditure_type]] += pence(line.amount)
        row["investment_lines"] += 1
    for line in WorkforceLine.objects.all():
        row = sums[line.mapping_return_id]
        row[f"fte_{line.basis}"] += pence(line.fte)
        row[f"workforce_cost_{line.basis}"] += pence(line.cost or 0)
        row["workforce_lines"] += 1
    return {pk: {k: v for k, v in row.items() if v} for pk, row in sums.items()}


def stored_per_return() -> dict[int, dict[str, int]]:
    return {
        row["mapping_return_id"]: {c: row[c] for c in COLUMNS if row[c]}
        for row in ReturnSums.objects.values("mapping_return_id", *COLUMNS)
    }


def stored_per_area() -> dict[tuple, dict[str, int]]:
    columns = list(AMOUNT_COLUMNS.values())
    return {
        key: amounts
        for row in AreaSums.objects.values("cycle_id", "local_authority_id", "tier", *columns)
        if (key := (row["cycle_id"], row["local_authority_id"], row["tier"]))
        if (amounts := {c: row[c] for c in columns if row[c]})
    }


def lines_per_area() -> dict[tuple, dict[str, int]]:
    areas: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for line in InvestmentLine.objects.select_related("mapping_return"):
        r = line.mapping_return
        column = AMOUNT_COLUMNS[line.basis, line.expenditure_type]
        areas[(r.cycle_id, r.local_authority_id, r.tier)][column] += pence(line.amount)
    return {key: {c: v for c, v in row.items() if v} for key, row in areas.items()}


def scopes() -> list[ReportScope]:
    """England, every region, LA, partnership and locality, on both bases, every cycle."""
    found = []
    las = {r.local_authority for r in MappingReturn.objects.select_related("local_authority")}
    for cycle in Cycle.objects.all():
        for basis in Basis.values:
            found.append(ReportScope(cycle, basis))
            for region in sorted({la.region for la in las if la.region}):
                found.append(ReportScope(cycle, basis, region=region))
            for la in sorted(las, key=lambda la: la.pk):
                found.append(ReportScope(cycle, basis, la))
                for locality in Locality.objects.filter(local_authority=la):
                    found.append(ReportScope(cycle, basis, la, locality=locality))
            for p in Partnership.objects.select_related("local_authority"):
                found.append(ReportScope(cycle, basis, p.local_authority, p))
    return found


def matrix_from_lines(scope: ReportScope) -> tuple[dict, Decimal]:
    """The matrix cells and the untiered amount, added up from the lines."""
    grouped = (
        InvestmentLine.objects.filter(scope.return_q("mapping_return__"), basis=scope.basis)
        .values_list("expenditure_type", "mapping_return__tier")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    cells = {(kind, tier): ZERO for kind in ExpenditureType.values for tier in TIERS}
    untiered = ZERO
    for kind, tier, total in grouped:
        if tier in TIERS:
            cells[kind, tier] = money(total)
        else:
            untiered += money(total)
    return cells, untiered


def workforce_cost_from_lines(scope: ReportScope) -> dict[str, Decimal]:
    costs = dict(
        WorkforceLine.objects.filter(scope.return_q("mapping_return__"), basis=scope.basis)
        .values_list("mapping_return__tier")
        .annotate(total=Sum("cost"))
        .order_by()
    )
    return {t: money(costs.get(t)) for t in TIERS}


def sector_from_lines(scope: ReportScope) -> tuple[dict, dict]:
    """Per sector its investment by tier and FTE (tiered returns), and per provider its
    investment, added up from the lines as the sector report did before it read the sums."""
    labels = {**dict(Sector.choices), "": "Not stated"}
    sectors: dict = defaultdict(lambda: ZERO)
    providers: dict = defaultdict(lambda: ZERO)
    r = "mapping_return__"
    lines = InvestmentLine.objects.filter(scope.return_q(r), basis=scope.basis).values_list(
        f"{r}delivering_sector",
        f"{r}tier",
        f"{r}delivering_organisation__name",
        f"{r}service__organisation__name",
        "amount",
    )
    for sector, tier, org, fallback, amount in lines:
        if tier in TIERS:
            sectors[sector, tier] += amount
        providers[org or fallback or "Not recorded", labels[sector]] += amount
    fte = WorkforceLine.objects.filter(scope.return_q(r), basis=scope.basis).exclude(
        **{f"{r}tier": ""}
    )
    for sector, value in fte.values_list(f"{r}delivering_sector", "fte"):
        sectors[sector, "fte"] += value
    return sectors, providers


def assert_sector_report_exact(scope: ReportScope) -> None:
    sectors, providers = sector_from_lines(scope)
    report = sector_report(scope)
    for row in report.sectors:
        assert row.investment.cells == {t: money(sectors[row.key, t]) for t in TIERS}, scope
        assert row.fte == money(sectors[row.key, "fte"]), scope
    got = {(p.name, p.sector): p.amount for p in report.providers}
    assert set(providers) <= set(got), scope
    assert got == {key: money(providers.get(key)) for key in got}, scope


def assert_trust_profile_exact(scope: ReportScope) -> None:
    """Each partner's (and the others') investment and FTE on both bases equal its lines'."""
    members = {m.pk: m.name for m in scope.partnership.members.all()}
    totals: dict = defaultdict(lambda: [ZERO] * 4)
    r = "mapping_return__"
    for model, field, offset in ((InvestmentLine, "amount", 0), (WorkforceLine, "fte", 2)):
        rows = model.objects.filter(scope.return_q(r)).values_list(
            f"{r}delivering_organisation", "basis", field
        )
        for org, basis, value in rows:
            totals[members.get(org, OTHERS)][offset + (basis == Basis.BUDGET)] += value
    got = {
        p.name: (p.actual, p.budget, p.fte_actual, p.fte_budget) for p in trust_profile(scope).rows
    }
    assert set(totals) <= set(got), scope
    assert got == {name: tuple(map(money, totals[name])) for name in got}, scope


def profile_from_lines(scope: ReportScope) -> dict[int, tuple]:
    def by_basis(model, field):
        sums = defaultdict(lambda: [ZERO, ZERO])
        rows = model.objects.filter(scope.return_q("mapping_return__")).values_list(
            "mapping_return_id", "basis", field
        )
        for pk, basis, value in rows:
            sums[pk][basis == Basis.BUDGET] += value or ZERO
        return sums

    money_ = by_basis(InvestmentLine, "amount")
    fte = by_basis(WorkforceLine, "fte")
    return {
        pk: (*map(money, money_[pk]), *map(money, fte[pk]))
        for pk in scope.returns().values_list("pk", flat=True)
    }


def assert_exact() -> None:
    """The sums equal the lines' own totals, and so does every report read from them."""
    assert stored_per_return() == lines_per_return()
    assert stored_per_area() == (lines_per_area() if area_sums_kept() else {})
    checked = 0
    for scope in scopes():
        matrix = investment_matrix(scope)
        cells, untiered = matrix_from_lines(scope)
        assert {(r.key, t): r.cells[t] for r in matrix.rows for t in TIERS} == cells, scope
        assert matrix.untiered == untiered, scope
        comparison = staffing_comparison(scope, matrix)
        assert comparison.workforce_cost.cells == workforce_cost_from_lines(scope), scope
        assert_sector_report_exact(scope)
        if scope.local_authority is not None:
            profile = la_profile(scope)
            got = {
                s.return_id: (s.actual, s.budget, s.fte_actual, s.fte_budget)
                for s in profile.services
            }
            assert got == profile_from_lines(scope), scope
        if scope.partnership is not None:
            assert_trust_profile_exact(scope)
        checked += 1
    assert checked, "no scope was checked"
    totals = return_totals(MappingReturn.objects.all())
    for pk, sums in lines_per_return().items():
        t = totals[pk]

        def amount(basis, kinds=ExpenditureType.values, sums=sums):
            return sum(sums.get(AMOUNT_COLUMNS[basis, kind], 0) for kind in kinds)

        assert (pence(t.actual), pence(t.budget)) == (amount("actual"), amount("budget"))
        assert pence(t.staffing_budget) == amount("budget", ["staffing"])
        assert (t.investment_lines, t.workforce_lines) == (
            sums.get("investment_lines", 0),
            sums.get("workforce_lines", 0),
        )
        assert (pence(t.fte_actual), pence(t.workforce_cost_budget)) == (
            sums.get("fte_actual", 0),
            sums.get("workforce_cost_budget", 0),
        )


def test_every_basis_and_type_of_expenditure_has_its_column():
    fields = {f.name for f in ReturnSums._meta.get_fields()} & {
        f.name for f in AreaSums._meta.get_fields()
    }
    assert {(b, k) for b in Basis.values for k in ExpenditureType.values} == set(AMOUNT_COLUMNS)
    assert set(AMOUNT_COLUMNS.values()) <= fields


@pytest.mark.django_db
def test_crafted_returns_sum_exactly_in_every_scope():
    crafted = build_crafted()
    locality = Locality.objects.create(local_authority=crafted["la"], name="Chatham")
    MappingReturn.objects.filter(pk=crafted["youth"].pk).update(locality=locality)
    trust = Partnership.objects.create(local_authority=crafted["la"], name="Medway CT", slug="mct")
    nhs = PartnerOrganisation.objects.create(partnership=trust, name="NHS Medway", kind="pct_icb")
    MappingReturn.objects.filter(pk=crafted["camhs"].pk).update(delivering_organisation=nhs)
    assert stored_per_return()  # the crafted data has money in it
    assert_exact()


def finance_url(mapping_return, section: str = "finance") -> str:
    return f"/mapping/returns/{mapping_return.pk}/{section}/"


def test_form_edits_keep_the_sums_exact(world, login):
    """Lines added (more than the form's empty rows, as the add-line script does), changed and
    deleted through the section forms; a tier change moves the return's money between tiers."""
    client = login(world.users["delegate_assigned"])
    r = world.mapping_return
    rows = [
        INVESTMENT_ROW,
        INVESTMENT_ROW | {"basis": "actual", "amount": "0.01", "expenditure_type": "property"},
        INVESTMENT_ROW | {"expenditure_type": "other", "other_description": "Taxis"},
    ]
    response = client.post(finance_url(r), formset_data("lines", rows) | {"save": "1"})
    assert response.status_code == 302
    assert r.investment_lines.count() == 3
    assert_exact()

    lines = list(r.investment_lines.order_by("pk"))
    edited = [
        {**INVESTMENT_ROW, "id": str(lines[0].pk), "amount": "99,999,999.99"},
        {**rows[1], "id": str(lines[1].pk), "DELETE": "on"},
        {**rows[2], "id": str(lines[2].pk), "basis": "actual"},
    ]
    data = formset_data("lines", edited, initial=3) | {"save": "1"}
    assert client.post(finance_url(r), data).status_code == 302
    assert sorted(r.investment_lines.values_list("amount", flat=True)) == [
        D("1234.50"),
        D("99999999.99"),
    ]
    assert_exact()

    workforce = [WORKFORCE_ROW, WORKFORCE_ROW | {"cost": "", "fte": "0.25"}]
    data = formset_data("lines", workforce) | {"save": "1"}
    assert client.post(finance_url(r, "workforce"), data).status_code == 302
    assert r.workforce_lines.count() == 2
    assert_exact()

    for tier in ("targeted", "specialist", ""):
        data = DETAILS | {"tier": tier, "save": "1"}
        assert client.post(finance_url(r, "service_details"), data).status_code == 302
        r.refresh_from_db()
        assert r.tier == tier
        assert_exact()


def test_imports_keep_the_sums_exact(db, tmp_path, client):
    """The import command bulk-creates returns and lines, then a second file replaces some
    lines (raw deletes), changes a tier and adds a return; the upload does the same."""
    hub = f"{LA},Northshire,2009/10,NS-001,Riverside Family Hub"
    carers = f"{LA},Northshire,2009/10,NS-002,Young Carers Project"
    first = [
        f'{hub},universal,staffing,revenue,LA,budget,"1,234,567.89"',
        f"{hub},universal,property,capital,LA,actual,250000",
        f"{hub},universal,property,capital,LA,actual,0.03",
        f"{carers},targeted,contracts,revenue,PCT,budget,0.10",
    ]
    workforce = [
        f"{hub},universal,early_years_childcare,Nursery nurse,4.5,5,98000.50",
        f"{carers},targeted,social_family_community,Family worker,1,,",
    ]
    call_command(
        "import_mapping_returns",
        investment=write(tmp_path, "i1.csv", INV_HEADER, first),
        workforce=write(tmp_path, "w1.csv", WF_HEADER, workforce),
        create_missing_las=True,
    )
    assert InvestmentLine.objects.count() == 4
    assert_exact()

    second = [
        f"{hub},specialist,property,capital,LA,actual,250000",
        f"{hub},specialist,revenue,revenue,LA,actual,17.17",
        f"{carers},targeted,contracts,revenue,PCT,budget,0.10",
        f"{LA},Northshire,2009/10,NS-003,Toy library,support,other_capital,capital,LA,budget,5",
    ]
    call_command("import_mapping_returns", investment=write(tmp_path, "i2.csv", INV_HEADER, second))
    assert MappingReturn.objects.get(service__la_reference="NS-001").tier == "specialist"
    assert InvestmentLine.objects.count() == 4
    assert_exact()

    from django.contrib.auth.models import Group

    from directory.exchange.models import PendingImport
    from directory.permissions import NATIONAL_ADMIN_GROUP
    from tests.factories import UserFactory

    admin = UserFactory(username="importer")
    admin.groups.add(Group.objects.get_or_create(name=NATIONAL_ADMIN_GROUP)[0])
    client.force_login(admin)
    third = [f"{hub},universal,staffing,revenue,LA,actual,42.42"]
    with write(tmp_path, "i3.csv", INV_HEADER, third).open("rb") as f:
        assert client.post("/mapping/import/", {"investment": f}).status_code == 200
    token = str(PendingImport.objects.get(kind="mapping_returns").token)
    done = client.post("/mapping/import/", {"step": "confirm", "token": token}, follow=True)
    assert "Imported: 1 investment lines" in done.content.decode()
    assert InvestmentLine.objects.filter(mapping_return__tier="universal").count() == 1
    assert_exact()


def test_prefill_deletes_and_bulk_writes_keep_the_sums_exact(world, login):
    r = world.mapping_return
    add_lines(r, amount="98765.43")
    add_lines(world.other_return, amount="0.07")
    new_cycle = make_cycle("2010/11")
    response = login(world.users["lead"]).post(
        f"/mapping/la/{world.la.slug}/cycles/{new_cycle.pk}/prefill/", follow=True
    )
    assert "1 return(s) pre-filled" in response.content.decode()
    assert ReturnSums.objects.filter(cycle=new_cycle).count() == 1
    assert_exact()

    # Bulk writes and queryset updates, the way a script or a future importer would.
    extra = ServiceFactory(local_authority=world.la)
    (added,) = add_services(world.cycle, world.la, [extra], world.users["lead"])
    InvestmentLine.objects.bulk_create(
        [
            InvestmentLine(
                mapping_return=added,
                expenditure_type=kind,
                capital_or_revenue="revenue",
                basis=basis,
                amount=D("1000.01") + n,
            )
            for n, (basis, kind) in enumerate(AMOUNT_COLUMNS)
        ]
    )
    staff(added, "youth", "1.75", "1.01", basis="budget")
    assert_exact()
    InvestmentLine.objects.filter(mapping_return=added, basis="actual").update(
        amount=D("0.99"), expenditure_type="contracts"
    )
    InvestmentLine.objects.filter(mapping_return=r).update(mapping_return=added)
    MappingReturn.objects.filter(pk=added.pk).update(tier="support")
    WorkforceLine.objects.filter(mapping_return=added).update(basis="actual", cost=None)
    assert_exact()

    # Deletes: lines one by one and in bulk, then a whole return with its lines.
    InvestmentLine.objects.filter(mapping_return=added).first().delete()
    InvestmentLine.objects.filter(mapping_return=added, basis="budget").delete()
    assert_exact()
    invest(world.other_return, "staffing", "5.55", basis="budget")
    world.other_return.delete()
    assert not ReturnSums.objects.filter(mapping_return_id=world.other_return.pk).exists()
    assert_exact()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_flush_leaves_no_sums_behind():
    """Django's flush (between transactional tests, ``manage.py flush``) empties the sums too,
    whatever order the database empties the tables in."""
    build_crafted()
    assert ReturnSums.objects.exists()
    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
    assert not ReturnSums.objects.exists() and not AreaSums.objects.exists()
