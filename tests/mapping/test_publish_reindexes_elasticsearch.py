"""Publishing a cycle changes tiers and hide dates in bulk: Elasticsearch follows, after the
commit, with the same services the database search tables were refreshed for."""

from __future__ import annotations

import logging

import pytest
from django_tasks import default_task_backend

from mapping.models import MappingReturn
from search import backend_health
from search.backends import elasticsearch_bulk as bulk
from search.models import SearchEntry

from .test_publish import approve_details

ALIAS = "waymark-test"


@pytest.fixture
def elasticsearch_configured(settings):
    """Configured, but nobody listening at that port: no server runs here."""
    settings.WAYMARK_ELASTICSEARCH = {
        **settings.WAYMARK_ELASTICSEARCH,
        "URL": "http://127.0.0.1:9",
        "INDEX": ALIAS,
        "TIMEOUT": 0.5,
    }


def reindex_tasks() -> list[list[int]]:
    return [
        list(r.args[0])
        for r in default_task_backend.results
        if r.task.name == "reindex_elasticsearch"
    ]


def test_publishing_a_cycle_enqueues_a_reindex_of_its_services_after_the_commit(
    world, login, settings, elasticsearch_configured, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    MappingReturn.objects.filter(pk=world.mapping_return.pk).update(directory_confirmed=True)
    approve_details(world.mapping_return, "specialist")
    admin = login(world.users["national_admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(f"/mapping/cycles/{world.cycle.pk}/publish/", follow=True)
        assert reindex_tasks() == []  # not before the commit
    assert response.status_code == 200
    # One task for the whole publish (the tier refresh joined the hide-date refresh).
    assert reindex_tasks() == [sorted([world.service.pk, world.other_service.pk])]
    # The database tables followed in the same transaction; the reindex sends the same tier.
    assert SearchEntry.objects.get(service=world.service).tier == "specialist"
    (changed, other) = sorted(
        bulk.reindex_actions(reindex_tasks()[0]), key=lambda a: a["_id"] != str(world.service.pk)
    )
    assert (changed["_op_type"], changed["_index"]) == ("index", ALIAS)
    assert changed["_source"]["tier"] == "specialist"
    assert other["_id"] == str(world.other_service.pk)
    assert other["_source"]["hide_from_public_after"]  # unconfirmed: hidden after the grace


def test_publishing_with_elasticsearch_down_publishes_and_reports_degraded(
    world, login, elasticsearch_configured, django_capture_on_commit_callbacks, caplog
):
    admin = login(world.users["national_admin"])
    with (
        django_capture_on_commit_callbacks(execute=True),
        caplog.at_level(logging.WARNING, logger="search.tasks"),
    ):
        response = admin.post(f"/mapping/cycles/{world.cycle.pk}/publish/", follow=True)
    assert "2 flagged as not confirmed" in response.content.decode()
    assert "Elasticsearch reindex of 2 services failed" in caplog.text
    assert backend_health() == "degraded"
    world.cycle.refresh_from_db()
    assert world.cycle.state == "published"
