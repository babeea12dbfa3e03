"""Keeping an LA's mirror of the Ofsted register in step with an extract, all or nothing.

For each registration: ``new`` (first time seen), ``changed`` (anything Ofsted sent differs),
``unchanged``; ``removed`` when it is gone from the extract or stopped being active (a
transition, so re-running a file counts nothing twice); ``withheld`` when it cannot be
published as it stands (any special consideration, or a childminder without consent).

The queue gets at most one pending ``OfstedChange`` per registration: a new active
registration waits to be accepted as a draft service; a change to a linked service waits
to be applied as a draft revision; a removal waits to mark the service for review. Only the
protective part of a change (a special consideration appearing) reaches a linked service at
once, so it is withheld from the public before anyone has looked.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from directory.models import (
    AuthorityArea,
    LocalAuthority,
    OfstedChange,
    OfstedImport,
    OfstedRegistration,
    Service,
)

from .extract import Extract, ExtractError, Registration, parse_date
from .offer import differences, is_active, status

COUNTS = ("new", "changed", "unchanged", "removed", "withheld")
BATCH = 500


def summary_line(counts: dict[str, int]) -> str:
    return "ofsted: " + " ".join(f"{name}={counts.get(name, 0)}" for name in COUNTS)


def _columns(registration: Registration) -> dict:
    return {
        "provision_type": registration.text("ProvisionType")[:10],
        "special_consideration": registration.text("SpecialConsideration")[:10],
        "status": status(registration)[:10],
        "name": (
            registration.text("Setting", "SettingName")
            or registration.text("Provider", "ProviderName")
        )[:300],
        "postcode": (
            registration.text("Setting", "SettingAddress", "Postcode")
            or registration.text("Provider", "ProviderAddress", "Postcode")
        )[:10],
        "last_change_date": parse_date(registration.text("LastChangeDate")),
        "data": registration.data,
        "fingerprint": registration.fingerprint,
    }


class OfstedSync:
    def __init__(self, local_authority: LocalAuthority, source: str = ""):
        self.la = local_authority
        self.source = source
        self.counts: Counter[str] = Counter()

    def check_local_authority(self, extract: Extract) -> None:
        """Refuse another council's extract, when the LA list knows this one's DfE number."""
        area = AuthorityArea.objects.filter(ons_code=self.la.code).first()
        expected = str(area.dfe_number) if area and area.dfe_number else ""
        if expected and extract.la_code and extract.la_code.lstrip("0") != expected:
            raise ExtractError(
                f"This extract is for local authority {extract.la_code} "
                f"({extract.la_name or 'no name given'}), not {self.la.name} ({expected})."
            )

    def run(self, extract: Extract, on_progress: Callable[[int], None] | None = None) -> Counter:
        self.check_local_authority(extract)
        now = timezone.now()
        with transaction.atomic():
            existing = {
                row.urn: row
                for row in OfstedRegistration.objects.filter(local_authority=self.la)
                .select_related("service")
                .defer("data")
            }
            pending = {
                change.registration_id: change
                for change in OfstedChange.objects.filter(
                    local_authority=self.la, status=OfstedChange.Status.PENDING
                )
            }
            by_urn = self._unlinked_services_by_urn()
            created, updated, queue = [], [], []
            for registration in extract.registrations:
                row = existing.pop(registration.urn, None)
                if row is None:
                    row = OfstedRegistration(
                        local_authority=self.la,
                        urn=registration.urn,
                        last_changed=now,
                        **_columns(registration),
                    )
                    row.service = by_urn.pop(registration.urn, None)
                    created.append((row, registration))
                    self.counts["new"] += 1
                elif row.fingerprint == registration.fingerprint and row.in_extract:
                    self.counts["unchanged"] += 1
                else:
                    was_active = row.is_active
                    for name, value in _columns(registration).items():
                        setattr(row, name, value)
                    row.in_extract, row.last_changed = True, now
                    if row.service_id is None:
                        row.service = by_urn.pop(registration.urn, None)
                    updated.append((row, registration))
                    gone = was_active and not is_active(registration)
                    self.counts["removed" if gone else "changed"] += 1
                if row.withheld:
                    self.counts["withheld"] += 1
                if on_progress:
                    on_progress(1)
            OfstedRegistration.objects.bulk_create([r for r, _ in created], batch_size=BATCH)
            OfstedRegistration.objects.bulk_update(
                [r for r, _ in updated],
                ["in_extract", "last_changed", "service", *_columns_names()],
                batch_size=BATCH,
            )
            for row, registration in [*created, *updated]:
                item = self._queue_item(row, registration, pending.get(row.pk))
                if item is not None:
                    queue.append(item)
            gone = list(existing.values())
            for row in gone:
                if row.in_extract:
                    self.counts["removed"] += 1
                    row.in_extract, row.last_changed = False, now
                    item = self._removal(row, pending.get(row.pk))
                    if item is not None:
                        queue.append(item)
            OfstedRegistration.objects.bulk_update(
                [r for r in gone if r.last_changed == now], ["in_extract", "last_changed"]
            )
            self._save_queue(queue)
            self._protect([r for r, _ in [*created, *updated]])
            OfstedImport.objects.create(
                local_authority=self.la,
                source=self.source[:500],
                extract_datetime=_aware(extract.extract_datetime),
                summary={name: self.counts.get(name, 0) for name in COUNTS},
            )
        return self.counts

    # --- the queue --------------------------------------------------------------------

    def _unlinked_services_by_urn(self) -> dict[str, Service]:
        """Services staff typed in with a URN before the import knew it, to link once."""
        linked = OfstedRegistration.objects.filter(service__isnull=False).values("service_id")
        services = (
            Service.objects.filter(local_authority=self.la)
            .exclude(ofsted_urn="")
            .exclude(pk__in=linked)
            .order_by("pk")
        )
        found: dict[str, Service] = {}
        for service in services:
            found.setdefault(service.ofsted_urn, service)
        return found

    def _queue_item(self, row, registration: Registration, pending) -> OfstedChange | None:
        Kind = OfstedChange.Kind
        if row.service_id:
            if not row.is_active:
                kind, detail = Kind.REMOVED, f"Ofsted status: {row.status_label}"
            else:
                diff = differences(row.service, registration)
                if not diff:
                    return self._withdraw(pending)
                kind = Kind.CHANGED
                detail = "; ".join(label for label, _old, _new in diff)
        elif row.is_active:
            kind, detail = Kind.NEW, row.provision_type_label
        else:
            return self._withdraw(pending)
        item = pending or OfstedChange(
            local_authority=self.la, registration=row, status=OfstedChange.Status.PENDING
        )
        item.registration = row
        item.kind, item.detail, item.service_id = kind, detail[:300], row.service_id
        return item

    def _removal(self, row, pending) -> OfstedChange | None:
        if not row.service_id:
            return self._withdraw(pending)
        item = pending or OfstedChange(local_authority=self.la, registration=row)
        item.kind, item.service_id = OfstedChange.Kind.REMOVED, row.service_id
        item.detail = "No longer in Ofsted's extract"
        return item

    def _withdraw(self, pending) -> None:
        """Nothing left to decide: a pending item for this registration is closed."""
        if pending is not None:
            pending.status = OfstedChange.Status.DISMISSED
            pending.detail = "Withdrawn: nothing to apply after a later extract"
            pending.save(update_fields=["status", "detail", "updated_at"])
        return None

    def _save_queue(self, items: list[OfstedChange]) -> None:
        fresh = [i for i in items if i.pk is None]
        known = [i for i in items if i.pk is not None]
        OfstedChange.objects.bulk_create(fresh, batch_size=BATCH)
        for item in known:
            item.save(update_fields=["kind", "detail", "service", "updated_at"])

    def _protect(self, rows: list[OfstedRegistration]) -> None:
        """A special consideration (or childminder status) reaches a linked service at once."""
        for row in rows:
            service = row.service
            if service is None:
                continue
            if (
                row.special_consideration
                and service.ofsted_special_consideration != row.special_consideration
            ) or (
                row.provision_type
                and service.ofsted_provision_type != row.provision_type
                and row.provision_type == "CMR"
            ):
                service.ofsted_special_consideration = (
                    row.special_consideration or service.ofsted_special_consideration
                )
                service.ofsted_provision_type = row.provision_type
                service.save(
                    update_fields=["ofsted_special_consideration", "ofsted_provision_type"]
                )


def _columns_names() -> list[str]:
    return [
        "provision_type",
        "special_consideration",
        "status",
        "name",
        "postcode",
        "last_change_date",
        "data",
        "fingerprint",
    ]


def _aware(value):
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value)
    return value
