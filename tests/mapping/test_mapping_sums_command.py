"""``manage.py mapping_sums``: --check names every return and area whose stored running sums
differ from their lines and exits non-zero; --rebuild sets them back to their lines."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from mapping.models import AreaSums, ReturnSums, area_sums_kept

from .reports_data import build_crafted
from .test_report_sums import assert_exact

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("mapping_sums", *args, stdout=out, verbosity=0)
    return out.getvalue()


def sql(statement: str, *params) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_check_passes_when_the_sums_match_their_lines():
    build_crafted()
    assert "Checked: 7 returns and" in run("--check")


def test_check_names_what_differs_and_rebuild_sets_it_back():
    crafted = build_crafted()
    centre, youth, camhs = crafted["centre"], crafted["youth"], crafted["camhs"]
    # Raw writes around the lines: a sum changed, a copied tier changed, a row deleted.
    sql(
        "UPDATE mapping_returnsums SET actual_staffing = actual_staffing + 1 "
        "WHERE mapping_return_id = %s",
        centre.pk,
    )
    sql("UPDATE mapping_returnsums SET tier = 'support' WHERE mapping_return_id = %s", youth.pk)
    sql("DELETE FROM mapping_returnsums WHERE mapping_return_id = %s", camhs.pk)
    if area_sums_kept():
        sql(
            "UPDATE mapping_areasums SET budget_other = budget_other + 7 "
            "WHERE local_authority_id = %s AND tier = 'universal'",
            crafted["la"].pk,
        )

    with pytest.raises(CommandError, match="run manage.py mapping_sums --rebuild"):
        run("--check")
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("mapping_sums", "--check", stdout=out, verbosity=0)
    report = out.getvalue()
    assert f"return {centre.pk} (Children's centre, Medway, 2009/10): actual_staffing stored " in (
        report
    )
    assert "actual_staffing stored 123458 lines 123457" in report
    assert (
        f"return {youth.pk} (Youth support, Medway, 2009/10): tier stored support lines targeted"
        in report
    )
    assert f"return {camhs.pk} (Specialist CAMHS, Medway, 2009/10): " in report
    if area_sums_kept():
        assert "area Medway, 2009/10, tier universal: " in report
        assert "budget_other stored 7 lines 0" in report

    assert "Rebuilt:" in run("--rebuild")
    assert ReturnSums.objects.filter(mapping_return_id=camhs.pk).exists()
    assert "Checked:" in run("--check")
    assert_exact()
    if area_sums_kept():
        assert AreaSums.objects.filter(local_authority=crafted["la"]).exists()
