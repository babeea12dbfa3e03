"""Keeping the search indexes in step with published services.

The database backend's tables (SearchDocument, SearchEntry, SearchPoint, SearchTerm) are
written in the same transaction as the service itself, so they can never disagree with it.
Elasticsearch is told after the commit (see ``search/signals.py``). Only a live (published)
service's row is indexed: drafts live in revisions and never reach an index; mapping data is
never read here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.utils.html import strip_tags
from tqdm import tqdm

from directory.models import Service, ServiceStatus
from directory.models.childcare import ENTITLEMENTS

from . import corpus
from .models import SearchDocument, SearchEntry, SearchPoint, SearchTerm
from .text import STOPWORDS, words


def document_fields(service: Service) -> dict[str, str]:
    terms = list(service.categories.all())
    names = {t.name for t in terms} | {t.parent.name for t in terms if t.parent_id}
    return {
        "name": service.name,
        "categories": " ".join(sorted(names)),
        "summary": service.summary,
        "description": strip_tags(service.description or ""),
    }


def vocabulary(fields: dict[str, str]) -> set[str]:
    """Words worth offering as a spelling correction: from name, categories and summary."""
    text = " ".join((fields["name"], fields["categories"], fields["summary"]))
    return {w for w in words(text) if len(w) > 2 and not w.isdigit() and w not in STOPWORDS}


def points(service: Service) -> list[SearchPoint]:
    """Where the service is, for distance searches; none for a record whose address is
    withheld (an Ofsted special consideration), so no distance can give it away."""
    if service.withholds_details:
        return []
    return [
        SearchPoint(
            service_id=service.pk,
            latitude=float(link.location.latitude),
            longitude=float(link.location.longitude),
        )
        for link in service.service_locations.all()
        if link.location.latitude is not None and link.location.longitude is not None
    ]


ENTRY_FLAGS = (
    "is_free",
    "send_local_offer",
    "self_referral",
    "professional_referral",
    *Service.DELIVERY_MODES,
)


def entry(service: Service, listed: bool) -> SearchEntry:
    """The row the database backend filters and counts facets on (``SearchEntry``)."""
    terms = list(service.categories.all())
    return SearchEntry(
        service_id=service.pk,
        local_authority_id=service.local_authority_id,
        listed=listed,
        hide_after=service.hide_from_public_after,
        temporarily_closed=service.status == ServiceStatus.TEMPORARILY_CLOSED,
        name=service.name,
        updated_at=service.updated_at,
        tier=service.tier,
        minimum_age=service.minimum_age,
        maximum_age=service.maximum_age,
        funded=sum(1 << i for i, field in enumerate(ENTITLEMENTS) if getattr(service, field)),
        weekdays=sum({1 << schedule.weekday for schedule in service.schedules.all()}),
        provision_type=service.ofsted_provision_type,
        places=0 if service.withholds_details else len(service.service_locations.all()),
        terms=[t.pk for t in terms] + [t.parent_id for t in terms if t.parent_id],
        facet_terms=[t.parent_id or t.pk for t in terms],
        **{flag: getattr(service, flag) for flag in ENTRY_FLAGS},
    )


def listed_ids(service_ids: Iterable[int]) -> set[int]:
    """Which of these services ``Service.objects.public()`` shows, its hide date aside (that
    one is checked when searching, against ``SearchEntry.hide_after``)."""
    everyone = Service.objects.public(today=dt.date.min)
    return set(everyone.filter(pk__in=list(service_ids)).values_list("pk", flat=True))


def _indexable():
    return Service.objects.filter(live=True).prefetch_related(
        "categories__parent", "service_locations__location", "schedules"
    )


# Service ids waiting for ``deferred()`` to index them; None when not deferring. A context
# variable, so a bulk import in one thread or task never holds back another's indexing.
_pending: ContextVar[set[int] | None] = ContextVar("search_index_pending", default=None)


@contextmanager
def deferred() -> Iterator[None]:
    """Index the services changed inside the block once, at its end, instead of per save.

    For bulk writes (imports): every signal-driven ``index_service`` call in the block only
    notes the id; the ids are indexed together when the block exits normally (an exception
    skips it: the transaction it escapes from is rolled back anyway). Nested blocks leave
    the indexing to the outermost one.
    """
    if _pending.get() is not None:
        yield
        return
    pending: set[int] = set()
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    index_services(pending)


def index_services(service_ids: Iterable[int], *, chunk_size: int = 500) -> None:
    """Write (or remove) the search rows of many services, a few queries per chunk."""
    ids = sorted(set(service_ids))
    for start in range(0, len(ids), chunk_size):
        chunk = ids[start : start + chunk_size]
        docs, entries, pts, vocab = [], [], [], set()
        listed = listed_ids(chunk)
        for service in _indexable().filter(pk__in=chunk):
            fields = document_fields(service)
            docs.append(SearchDocument(service_id=service.pk, **fields))
            entries.append(entry(service, service.pk in listed))
            pts.extend(points(service))
            vocab |= vocabulary(fields)
        with transaction.atomic():
            corpus.changed()
            # Entries before documents (and before a document is rewritten): on PostgreSQL
            # a document's write reaches its entry's copy of the vector (migration 0006).
            SearchEntry.objects.filter(service_id__in=chunk).delete()
            SearchDocument.objects.filter(service_id__in=chunk).delete()
            SearchPoint.objects.filter(service_id__in=chunk).delete()
            SearchDocument.objects.bulk_create(docs)
            SearchEntry.objects.bulk_create(entries)
            SearchPoint.objects.bulk_create(pts)
            SearchTerm.objects.bulk_create(
                [SearchTerm(word=w[:60]) for w in vocab], ignore_conflicts=True
            )


def index_service(service_id: int) -> None:
    """Write (or remove) one service's search rows from its current database row."""
    pending = _pending.get()
    if pending is not None:
        pending.add(service_id)
        return
    service = _indexable().filter(pk=service_id).first()
    if service is None:
        unindex_service(service_id)
        return
    fields = document_fields(service)
    with transaction.atomic():
        corpus.changed()
        SearchEntry.objects.filter(service_id=service.pk).delete()  # first: see index_services
        SearchDocument.objects.update_or_create(service_id=service.pk, defaults=fields)
        entry(service, bool(listed_ids([service.pk]))).save(force_insert=True)
        SearchPoint.objects.filter(service_id=service.pk).delete()
        SearchPoint.objects.bulk_create(points(service))
        SearchTerm.objects.bulk_create(
            [SearchTerm(word=w[:60]) for w in vocabulary(fields)], ignore_conflicts=True
        )


def unindex_service(service_id: int) -> None:
    # One transaction, so the word counts are renewed after the deletes, not before them
    # (outside a transaction ``on_commit`` runs at once).
    with transaction.atomic():
        corpus.changed()
        SearchEntry.objects.filter(service_id=service_id).delete()
        SearchDocument.objects.filter(service_id=service_id).delete()
        SearchPoint.objects.filter(service_id=service_id).delete()


def rebuild(*, progress: bool = False) -> int:
    """Rebuild the database backend's tables for every live service, in batches."""
    qs = _indexable().order_by("pk")
    total = qs.count()
    done = 0
    batch = 1000
    bar = tqdm(total=total, disable=not progress, desc="Database index", unit="service")
    with bar, transaction.atomic():
        corpus.changed()
        SearchEntry.objects.all().delete()
        SearchDocument.objects.all().delete()
        SearchPoint.objects.all().delete()
        SearchTerm.objects.all().delete()
        last_pk = 0
        while True:
            chunk = list(qs.filter(pk__gt=last_pk)[:batch])
            if not chunk:
                break
            docs, entries, pts, vocab = [], [], [], set()
            listed = listed_ids(s.pk for s in chunk)
            for service in chunk:
                fields = document_fields(service)
                docs.append(SearchDocument(service_id=service.pk, **fields))
                entries.append(entry(service, service.pk in listed))
                pts.extend(points(service))
                vocab |= vocabulary(fields)
            SearchDocument.objects.bulk_create(docs)
            SearchEntry.objects.bulk_create(entries)
            SearchPoint.objects.bulk_create(pts)
            SearchTerm.objects.bulk_create(
                [SearchTerm(word=w[:60]) for w in vocab], ignore_conflicts=True
            )
            last_pk = chunk[-1].pk
            done += len(chunk)
            bar.update(len(chunk))
    return done
