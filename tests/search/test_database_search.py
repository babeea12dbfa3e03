"""The search behaviour every backend that runs here must show (SQLite and PostgreSQL).

Arranged with factories, asked through ``search_services`` (the one interface) and the
public page; asserted on what a family would see.
"""

from __future__ import annotations

import datetime as dt

import pytest

from search import ServiceQuery, search_services
from search.models import SynonymGroup
from tests.factories import LocalAuthorityFactory, ServiceFactory

# Each test runs on the database backend and, with ELASTICSEARCH_URL, on Elasticsearch too.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("search_backend")]


def names(results):
    from directory.models import Service

    by_id = Service.objects.in_bulk([h.service_id for h in results.hits])
    return [by_id[h.service_id].name for h in results.hits]


def find(**kwargs):
    return search_services(ServiceQuery(**kwargs), log=False)


def test_name_outranks_categories_outranks_summary_outranks_description(north_lincs, term):
    ServiceFactory(
        local_authority=north_lincs,
        name="Riverside Hub",
        summary="Open to all.",
        description="<p>We also run a toddler group.</p>",
    )
    ServiceFactory(
        local_authority=north_lincs,
        name="Ashby Centre",
        summary="A toddler group every week.",
        description="<p>Open to all.</p>",
    )
    ServiceFactory(
        local_authority=north_lincs,
        name="Brumby Rooms",
        summary="Open to all.",
        categories=[term("Toddler groups")],
    )
    ServiceFactory(local_authority=north_lincs, name="Toddler Time", summary="Open to all.")
    ServiceFactory(local_authority=north_lincs, name="Unrelated", summary="Football.")
    results = find(text="toddler")
    assert names(results) == ["Toddler Time", "Brumby Rooms", "Ashby Centre", "Riverside Hub"]
    assert results.total == 4
    assert results.hits[0].score > results.hits[-1].score


def test_all_words_must_match_before_any_word_does(north_lincs):
    ServiceFactory(local_authority=north_lincs, name="Autism support group")
    ServiceFactory(local_authority=north_lincs, name="Autism information")
    for n in range(5):
        ServiceFactory(local_authority=north_lincs, name=f"Autism support drop-in {n}")
    assert "Autism information" not in names(find(text="autism support"))
    # Fewer than five match every word: those matching some words follow them.
    few = find(text="autism group")
    assert names(few)[0] == "Autism support group" and "Autism information" in names(few)
    assert "Few services matched all your words" in few.notice
    relaxed = find(text="autism gardening")
    assert set(names(relaxed)) >= {"Autism support group", "Autism information"}
    assert "matched all your words" in relaxed.notice


def test_stemming_matches_other_forms(north_lincs):
    ServiceFactory(local_authority=north_lincs, name="Parenting courses")
    assert names(find(text="parenting course")) == ["Parenting courses"]


def test_seeded_synonyms_find_each_other(north_lincs):
    ServiceFactory(local_authority=north_lincs, name="Little Acorns Nursery")
    ServiceFactory(local_authority=north_lincs, name="Autism family support")
    ServiceFactory(local_authority=north_lincs, name="CAMHS drop-in")
    assert names(find(text="childcare")) == ["Little Acorns Nursery"]
    assert names(find(text="pre-school")) == ["Little Acorns Nursery"]
    assert names(find(text="ASD")) == ["Autism family support"]
    assert names(find(text="mental health")) == ["CAMHS drop-in"]


def test_a_phrase_synonym_matches_its_words_together_and_in_order(north_lincs):
    ServiceFactory(local_authority=north_lincs, name="Little Acorns Nursery")
    ServiceFactory(local_authority=north_lincs, name="Sunflower Day Care", is_free=True)
    ServiceFactory(local_authority=north_lincs, name="Care for the day ahead")
    ServiceFactory(local_authority=north_lincs, name="School trips", summary="Pre-book early.")
    for text in ("nursery", "day care"):
        results = find(text=text)
        assert sorted(names(results)) == ["Little Acorns Nursery", "Sunflower Day Care"], text
        assert results.total == 2
    assert names(find(text="nursery", free_only=True)) == ["Sunflower Day Care"]
    for i in range(5):
        ServiceFactory(local_authority=north_lincs, name=f"Holiday day care {i}")
    ServiceFactory(local_authority=north_lincs, name="Holiday care on the day")
    ServiceFactory(local_authority=north_lincs, name="Holiday nursery")
    results = find(text="holiday childcare")
    assert results.total == 6
    assert "Holiday care on the day" not in names(results)


def test_staff_synonym_group_takes_effect(north_lincs):
    ServiceFactory(local_authority=north_lincs, name="Stay and play")
    assert find(text="playgroup").total == 0
    SynonymGroup.objects.create(name="Play", terms="playgroup, stay and play")
    assert names(find(text="playgroup")) == ["Stay and play"]


def test_misspelling_is_corrected(north_lincs):
    ServiceFactory(local_authority=north_lincs, name="Little Acorns Nursery")
    results = find(text="nursrey")
    assert names(results) == ["Little Acorns Nursery"]
    assert results.corrected_query == "nursery"


def test_correct_spelling_is_not_corrected(north_lincs):
    ServiceFactory(local_authority=north_lincs, name="Little Acorns Nursery")
    assert find(text="nursery").corrected_query == ""
    assert find(text="zzzzqqq").total == 0


def test_hidden_services_are_never_returned(north_lincs):
    from directory.models import ServiceStatus

    ServiceFactory(local_authority=north_lincs, name="Visible nursery")
    ServiceFactory(local_authority=north_lincs, name="Draft nursery", live=False)
    ServiceFactory(local_authority=north_lincs, name="Mapping nursery", is_public=False)
    ServiceFactory(local_authority=north_lincs, name="Old nursery", status=ServiceStatus.DEFUNCT)
    ServiceFactory(
        local_authority=north_lincs,
        name="Expired nursery",
        hide_from_public_after=dt.date.today() - dt.timedelta(days=1),
    )
    assert names(find(text="nursery")) == ["Visible nursery"]
    assert names(find()) == ["Visible nursery"]


def test_facet_counts_describe_the_whole_result_set(north_lincs, term):
    health = term("Health")
    child = term("Health visiting", parent=health)
    play = term("Play")
    ServiceFactory(
        local_authority=north_lincs,
        name="A",
        is_free=True,
        send_local_offer=True,
        categories=[child],
        tier="universal",
        online=True,
        schedules=[(0, dt.time(9), dt.time(12)), (2, dt.time(9), dt.time(12))],
    )
    ServiceFactory(
        local_authority=north_lincs,
        name="B",
        is_free=True,
        categories=[health, child],
        tier="targeted",
        self_referral=False,
        schedules=[(0, dt.time(13), dt.time(15))],
    )
    ServiceFactory(local_authority=north_lincs, name="C", categories=[play], tier="targeted")
    facets = find().facets
    assert facets["free"] == {"true": 2}
    assert facets["send"] == {"true": 1}
    assert facets["self_referral"] == {"true": 2}
    assert facets["category"] == {health.slug: 2, play.slug: 1}
    assert facets["day"] == {"0": 2, "2": 1}
    assert facets["tier"] == {"universal": 1, "targeted": 2}
    assert facets["delivery_mode"] == {"in_person": 3, "online": 1}
    assert facets["local_authority"] == {"E06000013": 3}
    filtered = find(free_only=True).facets
    assert filtered["category"] == {health.slug: 2}
    assert filtered["tier"] == {"universal": 1, "targeted": 1}


def test_filters(north_lincs, term):
    health = term("Health")
    ServiceFactory(
        local_authority=north_lincs,
        name="Baby clinic",
        minimum_age=0,
        maximum_age=2,
        categories=[term("Clinics", parent=health)],
        schedules=[(1, dt.time(9), dt.time(11))],
        home_visit=True,
        tier="universal",
    )
    ServiceFactory(
        local_authority=north_lincs,
        name="Youth club",
        minimum_age=11,
        maximum_age=19,
        self_referral=False,
        schedules=[(4, dt.time(18), dt.time(21))],
        tier="targeted",
    )
    assert names(find(age=1)) == ["Baby clinic"]
    # ORUK's meaning: the service's own range lies inside the one asked for.
    assert names(find(minimum_age=2, maximum_age=12)) == []
    assert names(find(minimum_age=0, maximum_age=2)) == ["Baby clinic"]
    assert names(find(minimum_age=11)) == ["Youth club"]
    assert names(find(maximum_age=19)) == ["Baby clinic", "Youth club"]
    assert names(find(maximum_age=18)) == ["Baby clinic"]
    assert names(find(categories=(health.slug,))) == ["Baby clinic"]
    assert names(find(taxonomy_term_ids=(health.uuid,))) == ["Baby clinic"]
    assert names(find(taxonomy_ids=(health.taxonomy.uuid,))) == ["Baby clinic"]
    assert names(find(day=4)) == ["Youth club"]
    assert names(find(day=4, start_time=dt.time(19))) == ["Youth club"]
    assert names(find(day=4, start_time=dt.time(10), end_time=dt.time(12))) == []
    assert names(find(start_time=dt.time(10), end_time=dt.time(12))) == ["Baby clinic"]
    assert names(find(delivery_modes=("home_visit",))) == ["Baby clinic"]
    assert names(find(self_referral=True)) == ["Baby clinic"]
    assert names(find(tier="targeted")) == ["Youth club"]
    assert names(find(text="club 15 year old")) == ["Youth club"]
    assert names(find(text="clinic 15 year old")) == []


def test_distance_order_and_radius(north_lincs, postcodes, location_at):
    ServiceFactory(
        local_authority=north_lincs,
        name="Grimsby",
        locations=[location_at("DN31 1HU", north_lincs)],
    )
    ServiceFactory(
        local_authority=north_lincs, name="Brigg", locations=[location_at("DN20 8AA", north_lincs)]
    )
    ServiceFactory(
        local_authority=north_lincs,
        name="Scunthorpe",
        locations=[location_at("DN15 7BH", north_lincs), location_at("DN31 1HU", north_lincs)],
    )
    ServiceFactory(local_authority=north_lincs, name="Online only")
    nearest = find(postcode="dn156nl", sort="distance")
    assert names(nearest) == ["Scunthorpe", "Brigg", "Grimsby", "Online only"]
    miles = [h.distance_miles for h in nearest.hits]
    assert miles[0] < 1 and 5 < miles[1] < 10 and 20 < miles[2] < 30 and miles[3] is None
    assert names(find(postcode="DN15 6NL", radius_miles=10, sort="name")) == ["Brigg", "Scunthorpe"]
    assert names(find(postcode="DN15 6NL", radius_metres=2000)) == ["Scunthorpe"]
    assert names(find(point=(53.56528, -0.081449), radius_miles=1)) == ["Grimsby", "Scunthorpe"]
    # Relevance with a place and no words means nearest first.
    assert names(find(postcode="DN15 6NL", radius_miles=30)) == ["Scunthorpe", "Brigg", "Grimsby"]


def test_place_in_the_words_is_used(north_lincs, postcodes, location_at):
    ServiceFactory(
        local_authority=north_lincs,
        name="Scunthorpe nursery",
        locations=[location_at("DN15 7BH", north_lincs)],
    )
    results = find(text="nursery near DN15", radius_miles=3)
    assert names(results) == ["Scunthorpe nursery"]
    assert results.hits[0].distance_miles < 3


def test_outward_code_and_unknown_inward_fall_back_to_the_centroid(north_lincs, postcodes):
    ServiceFactory(local_authority=north_lincs, name="Anything")
    assert find(postcode="DN15").error == ""
    fallback = find(postcode="DN15 9ZZ")
    assert fallback.error == "" and "middle of DN15" in fallback.notice


@pytest.mark.parametrize(
    ("postcode", "message"),
    [
        ("NOT A POSTCODE", "Enter a real postcode"),
        ("DN99 9ZZ", "could not find the postcode DN99 9ZZ"),
        ("TS1", "could not find the postcode area TS1"),
    ],
)
def test_bad_postcodes_give_a_message_not_results(north_lincs, postcodes, postcode, message):
    ServiceFactory(local_authority=north_lincs, name="Anything")
    results = find(postcode=postcode)
    assert message in results.error
    assert results.total == 0 and results.hits == []


def test_sorts_and_paging(north_lincs):
    for name in ["Delta", "Alpha", "Charlie", "Echo", "Bravo"]:
        ServiceFactory(local_authority=north_lincs, name=f"{name} group")
    first = find(text="group", sort="name", page_size=2)
    second = find(text="group", sort="name", page_size=2, page=2)
    last = find(text="group", sort="name", page_size=2, page=3)
    assert names(first) == ["Alpha group", "Bravo group"]
    assert names(second) == ["Charlie group", "Delta group"]
    assert names(last) == ["Echo group"]
    assert first.total == 5 and first.page_count == 3
    relevance = [names(find(text="group", page_size=2, page=p)) for p in (1, 2, 3)]
    assert sorted(sum(relevance, [])) == sorted(
        ["Alpha group", "Bravo group", "Charlie group", "Delta group", "Echo group"]
    )
    from directory.models import Service

    Service.objects.filter(name="Charlie group").first().save()
    assert names(find(sort="updated", page_size=1)) == ["Charlie group"]


def test_search_is_scoped_to_the_local_authority(north_lincs):
    ServiceFactory(local_authority=north_lincs, name="Ours")
    ServiceFactory(local_authority=LocalAuthorityFactory(code="E06000012"), name="Theirs")
    assert names(find(local_authority_id=north_lincs.pk)) == ["Ours"]


def test_index_follows_edits_and_unpublishing(north_lincs, term):
    service = ServiceFactory(local_authority=north_lincs, name="Sure Start")
    assert find(text="speech").total == 0
    service.categories.add(term("Speech therapy"))
    service.save()
    assert names(find(text="speech")) == ["Sure Start"]
    service.name = "Children's Centre"
    service.save()
    assert names(find(text="children's centre")) == ["Children's Centre"]
    assert find(text="sure start").total == 0
    service.unpublish()
    assert find(text="children's centre").total == 0


def test_words_and_a_place_rank_by_relevance_blended_with_distance(
    north_lincs, postcodes, location_at
):
    far = ServiceFactory(
        local_authority=north_lincs,
        name="Grimsby Day Nursery",
        locations=[location_at("DN31 1HU", north_lincs)],
    )
    near = ServiceFactory(
        local_authority=north_lincs,
        name="Scunthorpe Day Nursery",
        locations=[location_at("DN15 7BH", north_lincs)],
    )
    brigg = ServiceFactory(
        local_authority=north_lincs,
        name="Brigg Day Nursery",
        locations=[location_at("DN20 8AA", north_lincs)],
    )
    mention = ServiceFactory(
        local_authority=north_lincs,
        name="Ashby community rooms",
        summary="Rooms to hire.",
        description="<p>Parents collecting from the nursery over the road may park here.</p>",
        locations=[location_at("DN15 7BH", north_lincs)],
    )
    for name in ["Swimming", "Toddler group", "Youth club", "Food bank", "Speech therapy"]:
        ServiceFactory(local_authority=north_lincs, name=name)  # so words have weight
    results = find(text="day nursery", postcode="DN15 6NL")
    # Equally good matches: nearest first.
    assert [h.service_id for h in results.hits][:3] == [near.id, brigg.id, far.id]
    assert all(h.distance_miles is not None for h in results.hits)
    # A real nursery 7 miles away still beats a passing mention next door.
    ranked = [h.service_id for h in find(text="nursery", postcode="DN15 6NL").hits]
    assert ranked.index(brigg.id) < ranked.index(mention.id)
    assert ranked[0] == near.id
    # Without a place, best match alone: the three day nurseries, then the mention.
    assert [h.service_id for h in find(text="day nursery").hits][3] == mention.id
