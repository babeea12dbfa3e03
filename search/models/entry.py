"""What the database backend filters, sorts and counts facets on: one narrow row per indexed
(live) service, denormalised from the service, its categories and its opening days.

Why a table of its own: at 100,000-200,000 services, joining the service table (wide, with
its public rules), the category links and the schedules for every search, and grouping
those joins again for each facet, cost hundreds of milliseconds. This row holds exactly the
values a search reads, so filters and every facet count are a few statements over one
narrow table, whatever the number of schedule or category rows. It is written with the
``SearchDocument`` (``search.indexing``) whenever the service, its categories or its
schedules change.

``listed`` is ``Service.objects.public()`` apart from its date rule, which is checked at
search time against ``hide_after`` (a hide date passes while nobody saves the service).
``places`` lets the ORUK API count a search's service-at-location links as a sum over its
matches, not a join of every public service to every link (the links follow their service's
index like its ``SearchPoint`` rows, ``search.signals``).
"""

from __future__ import annotations

import json

from django.db import models


class IntegerListField(models.Field):
    """A list of integers: ``integer[]`` on PostgreSQL (GIN-indexable), JSON text elsewhere."""

    description = "A list of integers"

    def db_type(self, connection) -> str:
        return "integer[]" if connection.vendor == "postgresql" else "text"

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is None:
            return None
        values = sorted({int(v) for v in value})
        return values if connection.vendor == "postgresql" else json.dumps(values)

    def from_db_value(self, value, expression, connection):
        if value is None or isinstance(value, list):
            return value
        return json.loads(value)

    def to_python(self, value):
        if isinstance(value, str):
            return json.loads(value)
        return value


def json_list_holds(column: str, ids: list[int]) -> tuple[str, list]:
    """SQLite: SQL that the ``IntegerListField`` ``column`` holds any of ``ids``.

    The text is always ``json.dumps`` of sorted integers ("[1, 7, 8]"), so an id is in it
    exactly when one of its four bracketed or delimited forms is: a substring test per row,
    where ``json_each`` would open a table for every row (a category filter at 10,000
    services: 4.5 -> 2.5 ms).
    """
    forms = [form for i in ids for form in (f"[{i}]", f"[{i},", f" {i},", f" {i}]")]
    return "(" + " OR ".join(f"instr({column}, %s) > 0" for _ in forms) + ")", forms


class SearchEntry(models.Model):
    service = models.OneToOneField(
        "directory.Service",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_entry",
    )
    local_authority = models.ForeignKey(
        "directory.LocalAuthority", on_delete=models.CASCADE, related_name="+"
    )
    listed = models.BooleanField(help_text="Public, apart from the hide date.")
    hide_after = models.DateField(null=True, blank=True)
    temporarily_closed = models.BooleanField(default=False)
    name = models.TextField()
    updated_at = models.DateTimeField()
    tier = models.CharField(max_length=12, blank=True)
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    is_free = models.BooleanField(default=False)
    send_local_offer = models.BooleanField(default=False)
    self_referral = models.BooleanField(default=False)
    professional_referral = models.BooleanField(default=False)
    in_person = models.BooleanField(default=False)
    online = models.BooleanField(default=False)
    by_phone = models.BooleanField(default=False)
    home_visit = models.BooleanField(default=False)
    funded = models.PositiveSmallIntegerField(
        default=0, help_text="Bit i: the i-th funded entitlement (directory ENTITLEMENTS)."
    )
    weekdays = models.PositiveSmallIntegerField(
        default=0, help_text="Bit d: open on weekday d (0 = Monday) by some schedule."
    )
    provision_type = models.CharField(max_length=10, blank=True)
    terms = IntegerListField(default=list, help_text="Its category terms and their parents.")
    facet_terms = IntegerListField(
        default=list, help_text="What its categories count under: each term's parent, else it."
    )
    places = models.PositiveIntegerField(
        default=0,
        help_text="Its places (service-at-location links) the public may see: none when an "
        "Ofsted special consideration withholds its address.",
    )

    class Meta:
        indexes = [
            # Covering on PostgreSQL: pages of the whole directory by name, and the count of
            # its places (the ORUK API's links), read the index only.
            models.Index(
                fields=["name", "service"],
                name="search_entry_name",
                include=["listed", "hide_after", "local_authority", "places"],
            ),
            models.Index(fields=["-updated_at", "name", "service"], name="search_entry_updated"),
            # Covering on PostgreSQL: counting the public services that filters on other
            # tables or on ages pick out (and summing their places) reads this narrow index,
            # not every entry's row, which its copy of the text vector makes wide (71 MB at
            # 100,000 services): /service_at_locations?day=MO&start_time=09:00&... 97 -> 60 ms.
            models.Index(
                fields=["service"],
                name="search_entry_public",
                include=[
                    "listed",
                    "hide_after",
                    "temporarily_closed",
                    "places",
                    "minimum_age",
                    "maximum_age",
                ],
            ),
        ]

    def __str__(self) -> str:
        return self.name
