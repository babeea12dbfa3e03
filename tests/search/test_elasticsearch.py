"""Elasticsearch backend: the mapping and request bodies it builds, and falling back.

No Elasticsearch server runs here, so these check what would be sent; the live tests at the
end run only when ELASTICSEARCH_URL points at a real cluster.
"""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.core.management import call_command

from search import ServiceQuery, backend_health, search_services, suggest
from search.backends import elasticsearch as es
from search.backends import elasticsearch_bulk as bulk
from search.prepare import prepare
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db
CLOSED_PORT = "http://127.0.0.1:9"


def body(**kwargs) -> dict:
    return es.build_search(prepare(ServiceQuery(**kwargs))).to_dict()


def filters_of(request: dict) -> list[dict]:
    return request["query"]["bool"]["filter"]


def test_mapping_has_english_analysis_synonyms_facets_geo_and_suggest(settings):
    settings.WAYMARK_ELASTICSEARCH = {**settings.WAYMARK_ELASTICSEARCH, "INDEX": "waymark-x"}
    mapping = es.build_index("waymark-x-1").to_dict()
    analysis = mapping["settings"]["analysis"]
    assert analysis["filter"]["waymark_synonyms"] == {
        "type": "synonym_graph",
        "synonyms_set": "waymark-x-synonyms",
        "updateable": True,
        "lenient": True,
    }
    assert "waymark_synonyms" in analysis["analyzer"]["waymark_english_search"]["filter"]
    assert "waymark_synonyms" not in analysis["analyzer"]["waymark_english"]["filter"]
    props = mapping["mappings"]["properties"]
    assert props["name"]["analyzer"] == "waymark_english"
    assert props["name"]["search_analyzer"] == "waymark_english_search"
    assert props["name"]["fields"]["suggest"] == {"type": "search_as_you_type"}
    for field in ("name", "categories", "summary", "description"):
        assert props[field]["fields"]["exact"] == {"type": "text", "analyzer": "standard"}
    assert props["locations"] == {"type": "geo_point"}
    assert props["openings"]["type"] == "nested"
    for facet in ("category_slugs", "tier", "delivery_modes", "local_authority_code"):
        assert props[facet] == {"type": "keyword"}
    assert "refresh_interval" not in mapping["settings"]
    loading = es.build_index("waymark-x-2", loading=True).to_dict()["settings"]
    assert loading["refresh_interval"] == "-1"  # no refresh while a rebuild loads


def test_synonyms_set_holds_the_staff_synonym_groups():
    rules = es.synonym_rules(bulk.synonym_groups_now())
    assert {"id": "group-1", "synonyms": rules[0]["synonyms"]} == rules[0]
    assert any("nursery" in r["synonyms"] and "childcare" in r["synonyms"] for r in rules)
    assert es.synonym_rules([["asd", "autism"], ["lonely"]]) == [
        {"id": "group-1", "synonyms": "asd, autism"}
    ]


def test_document_holds_public_fields_only(term):
    service = ServiceFactory(
        name="Little Acorns",
        description="<p>Play <b>and</b> learn</p>",
        categories=[term("Childcare")],
        schedules=[(0, dt.time(8), dt.time(18))],
        la_reference="LA-1",
        review_flag="Not confirmed",
    )
    doc = es.to_document(service).to_dict(include_meta=True)
    source = doc["_source"]
    assert doc["_id"] == service.pk
    assert source["description"] == "Play and learn"
    assert source["openings"] == [{"weekday": 0, "opens": "08:00", "closes": "18:00"}]
    assert "la_reference" not in source and "review_flag" not in source
    assert set(source) <= set(
        es.ServiceDocument._doc_type.mapping.properties.to_dict()["properties"]
    )


def test_only_public_services_become_documents():
    ServiceFactory(name="Public")
    ServiceFactory(name="Draft", live=False)
    ServiceFactory(name="Mapping only", is_public=False)
    assert [a["_source"]["name"] for a in bulk.index_actions("i")] == ["Public"]


def test_text_query_body():
    request = body(text="autism support")
    text = request["query"]["bool"]["must"][0]["bool"]
    must = text["must"][0]["multi_match"]
    assert must["query"] == "autism support"
    exact = text["should"][0]["multi_match"]
    assert exact["fields"] == [
        "name.exact^2",
        "categories.exact^2",
        "summary.exact^2",
        "description.exact",
    ]
    assert must["fields"] == ["name^8", "categories^4", "summary^2", "description"]
    assert must["operator"] == "and"
    assert request["sort"] == ["_score", "name.keyword"]
    assert request["suggest"]["spelling"]["term"]["field"] == "name"
    assert {"terms": {"status": ["active", "temporarily closed"]}} in filters_of(request)


def test_filter_query_bodies(term):
    t = term("Health")
    request = body(
        categories=("health",),
        taxonomy_term_ids=(t.uuid,),
        age=4,
        free_only=True,
        send=True,
        self_referral=True,
        tier="targeted",
        delivery_modes=("online",),
        day=2,
        start_time=dt.time(9),
        end_time=dt.time(12),
        local_authority_id=7,
    )
    found = filters_of(request)
    assert {"term": {"local_authority_id": 7}} in found
    assert {
        "bool": {
            "should": [
                {"terms": {"category_slugs": ["health"]}},
                {"terms": {"term_uuids": [str(t.uuid)]}},
            ],
            "minimum_should_match": 1,
        }
    } in found
    for flag in ({"is_free": True}, {"send_local_offer": True}, {"self_referral": True}):
        assert {"term": flag} in found
    assert {"terms": {"tier": ["targeted"]}} in found
    assert {"term": {"delivery_modes": "online"}} in found
    nested = next(f["nested"] for f in found if "nested" in f)
    assert nested["path"] == "openings"
    assert nested["query"]["bool"]["filter"] == [
        {"term": {"openings.weekday": 2}},
        {"range": {"openings.opens": {"lt": "12:00"}}},
        {"range": {"openings.closes": {"gt": "09:00"}}},
    ]
    age = [f for f in found if "bool" in f and "range" in str(f) and "age" in str(f)]
    assert len(age) == 2
    assert request["sort"] == ["name.keyword", "_doc"]


def test_oruk_age_range_and_modified_after_bodies():
    """As the database backend: the service's own range inside the one asked for (no
    minimum counts as 0; no maximum never fits under a maximum), changed since a moment."""
    since = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)
    found = filters_of(body(minimum_age=4, maximum_age=11, modified_after=since))
    assert {"range": {"minimum_age": {"gte": 4}}} in found
    assert {"range": {"maximum_age": {"lte": 11}}} in found
    assert {"range": {"updated_at": {"gte": "2026-03-01T12:00:00+00:00"}}} in found
    assert not [f for f in filters_of(body(minimum_age=0)) if "minimum_age" in str(f)]


def test_place_query_bodies(postcodes):
    request = body(postcode="DN15 6NL", radius_miles=5, sort="distance", page=3, page_size=10)
    geo = next(f["geo_distance"] for f in filters_of(request) if "geo_distance" in f)
    assert geo == {"distance": "8047m", "locations": {"lat": 53.592985, "lon": -0.642786}}
    assert request["sort"][0]["_geo_distance"]["mode"] == "min"
    assert request["sort"][0]["_geo_distance"]["unit"] == "m"
    assert (request["from"], request["size"]) == (20, 10)
    assert body(sort="updated")["sort"][0] == {"updated_at": {"order": "desc"}}


def test_words_and_a_place_blend_relevance_with_distance_body(postcodes):
    request = body(text="nursery", postcode="DN15 6NL")
    scored = request["query"]["function_score"]
    assert (
        scored["query"]["bool"]["must"][0]["bool"]["must"][0]["multi_match"]["query"] == "nursery"
    )
    decay, no_location = scored["functions"]
    assert decay["exp"]["locations"] == {
        "origin": {"lat": 53.592985, "lon": -0.642786},
        "scale": "5.0mi",
        "decay": 0.5,
    }
    assert decay["exp"]["multi_value_mode"] == "min"
    assert decay["filter"] == {"exists": {"field": "locations"}}
    assert no_location["weight"] == 0.5
    assert (scored["score_mode"], scored["boost_mode"]) == ("multiply", "multiply")
    assert request["sort"] == ["_score", "name.keyword"]
    assert "function_score" not in body(text="nursery")["query"]


def test_facet_aggregations_body():
    aggs = body()["aggs"]
    assert aggs["category"] == {"terms": {"field": "category_slugs", "size": 200}}
    assert aggs["free"] == {"filter": {"term": {"is_free": True}}}
    assert aggs["openings"]["aggs"]["day"]["aggs"]["services"] == {"reverse_nested": {}}
    assert set(aggs) >= {"tier", "delivery_mode", "local_authority", "send", "self_referral"}


def test_suggest_body():
    request = es.build_suggest("nur", 3, 5).to_dict()
    match = request["query"]["bool"]["must"][0]["multi_match"]
    assert match["type"] == "bool_prefix"
    assert match["fields"][0] == "name.suggest"
    assert {"term": {"local_authority_id": 3}} in request["query"]["bool"]["filter"]
    assert request["size"] == 5


@pytest.fixture
def unreachable_elasticsearch(settings):
    settings.WAYMARK_ELASTICSEARCH = {"URL": CLOSED_PORT, "INDEX": "waymark-test", "TIMEOUT": 0.5}


def test_search_falls_back_to_the_database_and_health_degrades(
    unreachable_elasticsearch, client, caplog
):
    ServiceFactory(name="Little Acorns Nursery")
    with caplog.at_level(logging.WARNING, logger="search.dispatch"):
        results = search_services(ServiceQuery(text="nursery"), log=False)
    assert results.backend == "database" and results.total == 1
    assert "answering from the database" in caplog.text
    assert backend_health() == "degraded"
    health = client.get("/healthz").json()
    assert health["checks"]["search"] == "degraded" and health["status"] == "degraded"
    page = client.get("/services/", {"q": "nursery"})
    assert page.status_code == 200 and "Little Acorns Nursery" in page.content.decode()


def test_suggestions_fall_back_to_the_database(unreachable_elasticsearch):
    ServiceFactory(name="Little Acorns Nursery")
    assert [s["name"] for s in suggest("little ac")] == ["Little Acorns Nursery"]


def test_publishing_while_elasticsearch_is_down_keeps_the_record(
    unreachable_elasticsearch, django_capture_on_commit_callbacks, caplog
):
    service = ServiceFactory(name="Draft first", live=False)
    with django_capture_on_commit_callbacks(execute=True), caplog.at_level(logging.WARNING):
        service.save_revision().publish()
    service.refresh_from_db()
    assert service.live
    assert "Elasticsearch index of service" in caplog.text
    assert backend_health() == "degraded"


def test_rebuild_command_reports_unreachable_elasticsearch(unreachable_elasticsearch):
    ServiceFactory(name="Anything")
    with pytest.raises(Exception, match="Elasticsearch is not answering"):
        call_command("rebuild_search_index", verbosity=0)


# --- live: only with a real cluster (deselected without ELASTICSEARCH_URL) -----------------


@pytest.mark.elasticsearch_live
def test_live_search_synonyms_facets_and_distance(
    live_elasticsearch, postcodes, location_at, north_lincs
):
    ServiceFactory(
        local_authority=north_lincs,
        name="Little Acorns Nursery",
        is_free=True,
        locations=[location_at("DN15 7BH", north_lincs)],
    )
    ServiceFactory(
        local_authority=north_lincs,
        name="Grimsby Youth",
        locations=[location_at("DN31 1HU", north_lincs)],
    )
    call_command("rebuild_search_index", verbosity=0)
    results = search_services(ServiceQuery(text="childcare"), log=False)
    assert results.backend == "elasticsearch" and results.total == 1
    assert results.facets["free"] == {"true": 1}
    near = search_services(ServiceQuery(postcode="DN15 6NL", radius_miles=5), log=False)
    assert near.total == 1
    assert [s["name"] for s in suggest("little ac")] == ["Little Acorns Nursery"]
    assert backend_health() == "ok"


@pytest.mark.elasticsearch_live
def test_live_spelling_and_any_word_fallbacks_tell_the_person(live_elasticsearch, north_lincs):
    ServiceFactory(local_authority=north_lincs, name="Autism support group")
    call_command("rebuild_search_index", verbosity=0)
    corrected = search_services(ServiceQuery(text="autsim"), log=False)
    assert corrected.backend == "elasticsearch" and corrected.total == 1
    assert corrected.corrected_query == "autism"
    relaxed = search_services(ServiceQuery(text="autism gardening"), log=False)
    assert relaxed.total == 1
    assert "No service matched all your words" in relaxed.notice
