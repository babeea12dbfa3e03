"""Each entry counts its service's places the public may see (``SearchEntry.places``),
filled from the links for the entries already indexed."""

from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce


def fill(apps, schema_editor):
    SearchEntry = apps.get_model("waymark_search", "SearchEntry")
    ServiceAtLocation = apps.get_model("directory", "ServiceAtLocation")
    counted = (
        ServiceAtLocation.objects.filter(service_id=OuterRef("service_id"))
        .order_by()
        .values("service_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    SearchEntry.objects.filter(service__ofsted_special_consideration="").update(
        places=Coalesce(Subquery(counted), 0)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0018_schedule_window_index"),
        ("waymark_search", "0006_entry_search_vector"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="places",
            field=models.PositiveIntegerField(
                default=0,
                help_text="Its places (service-at-location links) the public may see: none "
                "when an Ofsted special consideration withholds its address.",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
