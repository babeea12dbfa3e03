"""Elasticsearch at national scale: what a rebuild and a reindex send, read a chunk at a time,
and what gets enqueued when services change in bulk or synonyms are edited.

No Elasticsearch server runs here: these check the bulk actions built from the database, the
tasks enqueued after a commit, and that with nobody listening everything fails at once with a
clear message. The same code runs against a real cluster in the live behavioural suite.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Generator

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from elasticsearch import Elasticsearch

from directory.models import Service
from search import ServiceQuery, backend_health, search_services
from search.backends import elasticsearch as es
from search.backends import elasticsearch_bulk as bulk
from search.elasticsearch_queue import Pending
from search.models import SynonymGroup
from search.synonyms import synonym_groups
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db
CLOSED_PORT = "http://127.0.0.1:9"
ALIAS = "waymark-test"


@pytest.fixture
def unreachable_elasticsearch(settings):
    settings.WAYMARK_ELASTICSEARCH = {
        **settings.WAYMARK_ELASTICSEARCH,
        "URL": CLOSED_PORT,
        "INDEX": ALIAS,
        "TIMEOUT": 0.5,
    }


@pytest.fixture
def queued(settings, unreachable_elasticsearch):
    """Tasks are kept, not run: which of search's tasks were enqueued, with which arguments
    (Wagtail enqueues its own search-index tasks beside them)."""
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()

    def enqueued() -> list[tuple[str, tuple]]:
        results = default_task_backend.results
        return [
            (r.task.name, tuple(r.args))
            for r in results
            if r.task.module_path.startswith("search.")
        ]

    return enqueued


def ops(actions) -> list[tuple[str, str, str]]:
    return [(a["_op_type"], a["_index"], a["_id"]) for a in actions]


# --- the actions -----------------------------------------------------------------------------


def test_rebuild_actions_index_every_public_service_into_the_new_index():
    first = ServiceFactory(name="Little Acorns", tier="targeted")
    ServiceFactory(name="Draft", live=False)
    ServiceFactory(name="Mapping only", is_public=False)
    ServiceFactory(name="Expired", hide_from_public_after=dt.date.today() - dt.timedelta(days=1))
    second = ServiceFactory(name="Brigg Youth")
    actions = list(bulk.index_actions("waymark-services-new"))
    assert ops(actions) == [
        ("index", "waymark-services-new", str(first.pk)),
        ("index", "waymark-services-new", str(second.pk)),
    ]
    assert actions[0]["_source"] == es.to_document(first).to_dict()
    assert actions[0]["_source"]["tier"] == "targeted"


def test_rebuild_actions_stream_a_chunk_of_services_a_query():
    """A generator reading ``chunk_size`` services a query after the last primary key read,
    so 200,000 services never sit in memory at once."""
    services = [ServiceFactory(name=f"Service {n}") for n in range(5)]
    actions = bulk.index_actions("i", chunk_size=2)
    assert isinstance(actions, Generator)
    with CaptureQueriesContext(connection) as first:
        assert next(actions)["_id"] == str(services[0].pk)
    chunk_queries = [q["sql"] for q in first if "LIMIT 2" in q["sql"]]
    assert len(chunk_queries) == 1  # only the first chunk has been read
    with CaptureQueriesContext(connection) as rest:
        ids = [a["_id"] for a in actions]
    assert ids == [str(s.pk) for s in services[1:]]
    # Two more full chunks' worth (2 + 1 services) and the empty one that ends it.
    assert len([q for q in rest if "LIMIT 2" in q["sql"]]) == 3


def test_windows_read_the_stream_only_as_far_as_sent():
    def stream():
        yield from range(5)
        raise AssertionError("read past the first window")

    windows = bulk.windows(stream(), 5)
    assert next(windows) == [0, 1, 2, 3, 4]
    assert [w for w in bulk.windows(iter(range(7)), 3)] == [[0, 1, 2], [3, 4, 5], [6]]


def test_reindex_actions_index_what_is_public_and_delete_the_rest(unreachable_elasticsearch):
    changed = ServiceFactory(name="Tier changed", tier="specialist")
    hidden = ServiceFactory(name="Hidden", hide_from_public_after=dt.date(2020, 1, 1))
    draft = ServiceFactory(name="Unpublished", live=False)
    actions = list(bulk.reindex_actions([hidden.pk, changed.pk, draft.pk, 999_999, changed.pk]))
    assert ops(actions) == sorted(
        [
            ("index", ALIAS, str(changed.pk)),
            ("delete", ALIAS, str(hidden.pk)),
            ("delete", ALIAS, str(draft.pk)),
            ("delete", ALIAS, "999999"),
        ],
        key=lambda op: int(op[2]),
    )
    assert actions[0]["_source"]["tier"] == "specialist"
    assert "_source" not in actions[1]


def test_throughput_line():
    rebuilt = bulk.Rebuilt(index="waymark-services-20261202-ab12", count=200_000, seconds=40.0)
    assert rebuilt.summary() == (
        "Elasticsearch: 200,000 services loaded into waymark-services-20261202-ab12 in 40.0 s "
        "(5,000 services/s); alias waymark-services now points to it."
    )


# --- with nobody listening: fail at once, clearly --------------------------------------------


def test_rebuild_fails_clearly_without_a_server(unreachable_elasticsearch, capsys):
    ServiceFactory(name="Anything")
    with pytest.raises(CommandError) as failure:
        call_command("rebuild_search_index", verbosity=0)
    message = str(failure.value)
    assert message.startswith("Elasticsearch is not answering: ")
    assert message.endswith("Nothing was changed there; the database search tables are rebuilt.")
    with pytest.raises(CommandError, match=r"Nothing was changed there\.$"):
        call_command("rebuild_search_index", "--skip-database", verbosity=0)


def test_database_rebuild_prints_its_throughput(capsys):
    ServiceFactory(name="Anything")
    call_command("rebuild_search_index", verbosity=0)
    out = capsys.readouterr().out
    assert out.startswith("Database search: 1 services indexed in ")
    assert out.rstrip().endswith("services/s).")


def test_a_bulk_load_with_nobody_listening_raises_rather_than_hangs():
    ServiceFactory(name="Anything")
    client = Elasticsearch(CLOSED_PORT, request_timeout=0.5, max_retries=0)
    with pytest.raises(es.UNAVAILABLE):
        bulk.bulk_load(client, bulk.index_actions("i"), threads=2, chunk_size=1)


# --- what is enqueued after a commit ---------------------------------------------------------


def test_bulk_changes_enqueue_one_reindex_after_the_commit(
    queued, django_capture_on_commit_callbacks
):
    from mapping.services.publishing import update_services

    a, b, c = (ServiceFactory(name=n) for n in "ABC")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        update_services([b.pk, a.pk], tier="targeted")
        update_services([c.pk], tier="specialist")
        assert queued() == []  # nothing before the commit
    # One pending set of changes per transaction.
    assert len([c for c in callbacks if isinstance(c, Pending)]) == 1
    assert queued() == [("reindex_elasticsearch", (sorted([a.pk, b.pk, c.pk]),))]


def test_a_rolled_back_change_enqueues_nothing(queued, django_capture_on_commit_callbacks):
    from mapping.services.publishing import update_services

    service = ServiceFactory(name="A")
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        update_services([service.pk], tier="targeted")
        raise RuntimeError
    assert queued() == []


def test_a_change_rolled_back_to_its_savepoint_is_dropped_and_later_changes_still_sent(
    queued, django_capture_on_commit_callbacks
):
    from mapping.services.publishing import update_services

    undone, kept = ServiceFactory(name="A"), ServiceFactory(name="B")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            update_services([undone.pk], tier="targeted")
            raise RuntimeError
        update_services([kept.pk], tier="targeted")
    assert len([c for c in callbacks if isinstance(c, Pending)]) == 1
    assert queued() == [("reindex_elasticsearch", ([kept.pk],))]


def test_each_transaction_sends_its_own_changes(queued, django_capture_on_commit_callbacks):
    from mapping.services.publishing import update_services

    first, second = ServiceFactory(name="A"), ServiceFactory(name="B")
    with django_capture_on_commit_callbacks(execute=True):
        update_services([first.pk], tier="targeted")
    with django_capture_on_commit_callbacks(execute=True):
        update_services([second.pk], tier="targeted")
    assert queued() == [
        ("reindex_elasticsearch", ([first.pk],)),
        ("reindex_elasticsearch", ([second.pk],)),
    ]


def test_a_failure_to_enqueue_is_logged_and_the_commit_stands(
    queued, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    from mapping.services.publishing import update_services
    from search import tasks

    class QueueDown:
        def enqueue(self, *args):
            raise ConnectionError("task queue down")

    monkeypatch.setattr(tasks, "reindex_elasticsearch", QueueDown())
    service = ServiceFactory(name="A")
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        update_services([service.pk], tier="targeted")
    assert "Error calling Pending in on_commit() (task queue down)" in caplog.text
    service.refresh_from_db()
    assert service.tier == "targeted"


def test_nothing_is_enqueued_without_elasticsearch(settings, django_capture_on_commit_callbacks):
    from django_tasks import default_task_backend

    from mapping.services.publishing import update_services

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    service = ServiceFactory(name="A")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        update_services([service.pk], tier="targeted")
    assert not [c for c in callbacks if isinstance(c, Pending)]
    assert not [r for r in default_task_backend.results if r.task.module_path.startswith("search.")]


def test_reindex_task_with_nobody_listening_logs_and_degrades(
    unreachable_elasticsearch, django_capture_on_commit_callbacks, caplog
):
    from mapping.services.publishing import update_services

    service = ServiceFactory(name="A")
    with (
        django_capture_on_commit_callbacks(execute=True),
        caplog.at_level(logging.WARNING, logger="search.tasks"),
    ):
        update_services([service.pk], tier="targeted")  # the test tasks run at once
    assert "Elasticsearch reindex of 1 services failed" in caplog.text
    assert backend_health() == "degraded"
    service.refresh_from_db()
    assert service.tier == "targeted"  # the change itself stands


# --- synonyms --------------------------------------------------------------------------------


def test_synonym_edits_enqueue_the_synonyms_set_update(queued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        group = SynonymGroup.objects.create(name="Play", terms="playgroup, stay and play")
        group.terms = "playgroup, stay and play, tots"
        group.save()
    assert queued() == [("update_elasticsearch_synonyms", ())]
    rules = es.synonym_rules(bulk.synonym_groups_now())
    assert {"id": f"group-{len(rules)}", "synonyms": "playgroup, stay and play, tots"} in rules
    with django_capture_on_commit_callbacks(execute=True):
        group.delete()
    assert queued()[-1] == ("update_elasticsearch_synonyms", ())
    assert "playgroup, stay and play, tots" not in [
        r["synonyms"] for r in es.synonym_rules(bulk.synonym_groups_now())
    ]


def test_the_database_backend_reads_synonyms_when_searching():
    """No reindex needed there: an edit takes effect on the next search (cache dropped)."""
    ServiceFactory(name="Stay and play")
    group = SynonymGroup.objects.create(name="Play", terms="playgroup, toddler group")
    assert ["playgroup", "toddler group"] in synonym_groups()  # now cached
    assert search_services(ServiceQuery(text="stay and play"), log=False).total == 1
    assert search_services(ServiceQuery(text="playgroup"), log=False).total == 0
    group.terms = "playgroup, stay and play"
    group.save()
    assert search_services(ServiceQuery(text="playgroup"), log=False).total == 1
    assert Service.objects.count() == 1
