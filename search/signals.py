"""Indexing follows the service records.

Database tables: updated in the same transaction as the change (they are in the same
database); inside a bulk import batch, once at its end (``directory.signals.records_saved``).
Elasticsearch: told after the commit, only when it is configured, so drafts never reach it
and a rolled-back change is never sent: on publish, unpublish and delete (one service), and
for records changed in bulk (``records_saved``: a mapping cycle's tier and hide-date refresh,
an import batch) and synonym edits through background tasks (``search.elasticsearch_queue``).
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import published, unpublished

from directory.importers.batch import in_import_batch
from directory.models import (
    LocalAuthority,
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from directory.signals import records_saved

from . import corpus, indexing
from .elasticsearch_queue import reindex_after_commit, synonyms_after_commit
from .health import elasticsearch_enabled, record_failure
from .models import SynonymGroup

logger = logging.getLogger(__name__)


def _index(service_id: int) -> None:
    if not in_import_batch():  # the batch's records_saved indexes them all at once
        indexing.index_service(service_id)


@receiver(records_saved)
def batch_saved(sender, pks: frozenset[int], **kwargs) -> None:
    if sender is Service:
        service_ids = set(pks)
    elif sender is Location:
        links = ServiceAtLocation.objects.filter(location_id__in=pks)
        service_ids = set(links.values_list("service_id", flat=True))
    else:
        return
    indexing.index_services(service_ids)
    reindex_after_commit(service_ids)


@receiver(post_save, sender=Service)
def service_saved(sender, instance: Service, raw: bool = False, **kwargs) -> None:
    if not raw:
        _index(instance.pk)


@receiver(m2m_changed, sender=Service.categories.through)
def categories_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    service_ids = (pk_set or ()) if reverse else [instance.pk]
    for service_id in service_ids:
        _index(service_id)


@receiver(post_save, sender=ServiceAtLocation)
def service_location_saved(sender, instance: ServiceAtLocation, raw: bool = False, **kwargs):
    if not raw:
        _index(instance.service_id)


@receiver(post_delete, sender=ServiceAtLocation)
def service_location_deleted(sender, instance: ServiceAtLocation, origin=None, **kwargs):
    """Also when its location is deleted: the service's points and count of places follow."""
    if not isinstance(origin, Service):
        _index(instance.service_id)


@receiver(post_save, sender=Schedule)
def schedule_saved(sender, instance: Schedule, raw: bool = False, **kwargs) -> None:
    """Opening days are filtered and counted from the search entry: keep it in step."""
    if not raw:
        _index(instance.service_id)


@receiver(post_delete, sender=Schedule)
def schedule_deleted(sender, instance: Schedule, origin=None, **kwargs) -> None:
    if not isinstance(origin, Service):
        _index(instance.service_id)


@receiver(post_save, sender=Location)
def location_saved(sender, instance: Location, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    for service_id in instance.service_links.values_list("service_id", flat=True):
        _index(service_id)


@receiver([post_save, post_delete], sender=LocalAuthority, dispatch_uid="search-la-names")
@receiver([post_save, post_delete], sender=TaxonomyTerm, dispatch_uid="search-term-names")
def names_changed(sender, raw: bool = False, **kwargs) -> None:
    """Facets show councils' codes and terms' slugs, and filters find terms by slug and
    UUID, read when searching: results kept from before the change must go."""
    if not raw:
        corpus.changed()


# --- Elasticsearch, after commit ----------------------------------------------------------


def _after_commit(action: str, service_id: int) -> None:
    if not elasticsearch_enabled():
        return

    def send() -> None:
        from .backends import elasticsearch as es

        try:
            if action == "index":
                es.index_service(service_id)
            else:
                es.delete_service(service_id)
        except es.UNAVAILABLE as error:
            logger.warning("Elasticsearch %s of service %s failed: %s", action, service_id, error)
            record_failure(str(error))

    transaction.on_commit(send)


@receiver(published)
def service_published(sender, instance, **kwargs) -> None:
    if isinstance(instance, Service):
        _after_commit("index", instance.pk)


@receiver(unpublished)
def service_unpublished(sender, instance, **kwargs) -> None:
    if isinstance(instance, Service):
        _after_commit("delete", instance.pk)


@receiver(post_delete, sender=Service)
def service_deleted(sender, instance: Service, **kwargs) -> None:
    corpus.changed()  # its document went with it (a cascade, not search.indexing)
    _after_commit("delete", instance.pk)


WITHHOLDING_FIELDS = {"ofsted_special_consideration", "ofsted_provision_type"}


@receiver(post_save, sender=Service)
def service_withheld(sender, instance: Service, update_fields=None, raw=False, **kwargs) -> None:
    """The Ofsted import withholds a live service without publishing: tell Elasticsearch."""
    if not raw and update_fields and WITHHOLDING_FIELDS & set(update_fields):
        _after_commit("index", instance.pk)


@receiver([post_save, post_delete], sender=SynonymGroup, dispatch_uid="search-es-synonyms")
def synonyms_edited(sender, raw: bool = False, **kwargs) -> None:
    """The database backend reads the groups when searching; Elasticsearch's search analyzer
    reads a synonyms set, replaced after the commit."""
    if not raw:
        synonyms_after_commit()
