"""Running sums of the lines (mapping/models/sums.py); 0013 adds the triggers that keep them."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0014_mapping_viewer_role"),
        ("mapping", "0011_client_group_retired"),
    ]

    operations = [
        migrations.CreateModel(
            name="ReturnSums",
            fields=[
                (
                    "actual_staffing",
                    models.BigIntegerField(
                        db_default=0,
                        default=0,
                        editable=False,
                        verbose_name="actual staffing (pence)",
                    ),
                ),
                (
                    "actual_property",
                    models.BigIntegerField(
                        db_default=0,
                        default=0,
                        editable=False,
                        verbose_name="actual property (pence)",
                    ),
                ),
                (
                    "actual_other_capital",
                    models.BigIntegerField(
                        db_default=0,
                        default=0,
                        editable=False,
                        verbose_name="actual other capital (pence)",
                    ),
                ),
                (
                    "actual_contracts",
                    models.BigIntegerField(
                        db_default=0,
                        default=0,
                        editable=False,
                        verbose_name="actual contracts (pence)",
                    ),
                ),
                (
                    "actual_revenue",
                    models.BigIntegerField(
                        db_default=0,
                        default=0,
                        editable=False,
                        verbose_name="actual revenue costs (pence)",
                    ),
                ),
                (
                    "actual_other",
                    models.BigIntegerField(
                        db_default=0, default=0, editable=False, verbose_name="actual other (pence)"
                    ),
                ),
                (
                    "budget_staffing",
                    models.BigIntegerField(
                        db_default=0,
                        default=0,
                        editable=False,
                        verbose_name="budget staffing (pence)",
                    ),
                ),
                (
                    "budget_property",
                    models.BigIntegerField(
                        db_default=0,
                        default=0,
                        editable=False,
                        verbose_name="budget property (pence)",
                    ),
                ),
                (
                    "budget_other_capital",
                    models.BigIntegerField(
                        db_default=0,
                        default=0,
                        editable=False,
                        verbose_name="budget other capital (pence)",
                    ),
                ),
                (
                    "budget_contracts",
                    models.BigIntegerField(
                        db_default=0,
                        default=0,
                        editable=False,
                        verbose_name="budget contracts (pence)",
                    ),
                ),
                (
                    "budget_revenue",
                    models.BigIntegerField(
                        db_default=0,
                        default=0,
                        editable=False,
                        verbose_name="budget revenue costs (pence)",
                    ),
                ),
                (
                    "budget_other",
                    models.BigIntegerField(
                        db_default=0, default=0, editable=False, verbose_name="budget other (pence)"
                    ),
                ),
                (
                    "mapping_return",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="sums",
                        serialize=False,
                        to="mapping.mappingreturn",
                    ),
                ),
                (
                    "tier",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("universal", "Universal"),
                            ("targeted", "Targeted"),
                            ("specialist", "Specialist"),
                            ("support", "Support services"),
                        ],
                        max_length=12,
                    ),
                ),
                ("investment_lines", models.IntegerField(db_default=0, default=0, editable=False)),
                (
                    "fte_actual",
                    models.BigIntegerField(
                        db_default=0,
                        default=0,
                        editable=False,
                        verbose_name="FTE actual (hundredths)",
                    ),
                ),
                (
                    "fte_budget",
                    models.BigIntegerField(
                        db_default=0,
                        default=0,
                        editable=False,
                        verbose_name="FTE budget (hundredths)",
                    ),
                ),
                (
                    "workforce_cost_actual",
                    models.BigIntegerField(
                        db_default=0,
                        default=0,
                        editable=False,
                        verbose_name="workforce cost actual (pence)",
                    ),
                ),
                (
                    "workforce_cost_budget",
                    models.BigIntegerField(
                        db_default=0,
                        default=0,
                        editable=False,
                        verbose_name="workforce cost budget (pence)",
                    ),
                ),
                ("workforce_lines", models.IntegerField(db_default=0, default=0, editable=False)),
                (
                    "cycle",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="mapping.cycle",
                        verbose_name="cycle",
                    ),
                ),
                (
                    "local_authority",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="directory.localauthority",
                        verbose_name="local authority",
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "return sums",
                "indexes": [
                    models.Index(fields=["cycle", "local_authority"], name="return_sums_by_area")
                ],
            },
        ),
        migrations.CreateModel(
            name="AreaSums",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "actual_staffing",
                    models.BigIntegerField(
                        db_default=0,
                        default=0,
                        editable=False,
                        verbose_name="actual staffing (pence)",
                    ),
                ),
                (
                    "actual_property",
                    models.BigIntegerField(
                        db_default=0,
                        default=0,
                        editable=False,
                        verbose_name="actual property (pence)",
                    ),
                ),
                (
                    "actual_other_capital",
                    models.BigIntegerField(
                        db_default=0,
                        default=0,
                        editable=False,
                        verbose_name="actual other capital (pence)",
                    ),
                ),
                (
                    "actual_contracts",
                    models.BigIntegerField(
                        db_default=0,
                        default=0,
                        editable=False,
                        verbose_name="actual contracts (pence)",
                    ),
                ),
                (
                    "actual_revenue",
                    models.BigIntegerField(
                        db_default=0,
                        default=0,
                        editable=False,
                        verbose_name="actual revenue costs (pence)",
                    ),
                ),
                (
                    "actual_other",
                    models.BigIntegerField(
                        db_default=0, default=0, editable=False, verbose_name="actual other (pence)"
                    ),
                ),
                (
                    "budget_staffing",
                    models.BigIntegerField(
                        db_default=0,
                        default=0,
                        editable=False,
                        verbose_name="budget staffing (pence)",
                    ),
                ),
                (
                    "budget_property",
                    models.BigIntegerField(
                        db_default=0,
                        default=0,
                        editable=False,
                        verbose_name="budget property (pence)",
                    ),
                ),
                (
                    "budget_other_capital",
                    models.BigIntegerField(
                        db_default=0,
                        default=0,
                        editable=False,
                        verbose_name="budget other capital (pence)",
                    ),
                ),
                (
                    "budget_contracts",
                    models.BigIntegerField(
                        db_default=0,
                        default=0,
                        editable=False,
                        verbose_name="budget contracts (pence)",
                    ),
                ),
                (
                    "budget_revenue",
                    models.BigIntegerField(
                        db_default=0,
                        default=0,
                        editable=False,
                        verbose_name="budget revenue costs (pence)",
                    ),
                ),
                (
                    "budget_other",
                    models.BigIntegerField(
                        db_default=0, default=0, editable=False, verbose_name="budget other (pence)"
                    ),
                ),
                (
                    "tier",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("universal", "Universal"),
                            ("targeted", "Targeted"),
                            ("specialist", "Specialist"),
                            ("support", "Support services"),
                        ],
                        max_length=12,
                    ),
                ),
                (
                    "cycle",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="mapping.cycle",
                    ),
                ),
                (
                    "local_authority",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="directory.localauthority",
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "area sums",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("cycle", "local_authority", "tier"), name="unique_area_sums"
                    )
                ],
            },
        ),
    ]
