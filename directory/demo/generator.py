"""Build a synthetic directory quickly and deterministically.

Records are bulk-created in batches with no Wagtail revisions: each service is saved as
published (``live=True``) and Wagtail creates its first revision when someone edits it in
the admin. Every demo record carries a ``source_id`` starting ``waymark-demo:<ONS code>:``,
which is how a second run recognises an authority that is already loaded.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from tqdm import tqdm

from directory.bulk_rows import insert_rows
from directory.models import (
    ChildcareAgeGroup,
    ChildcareExtra,
    ChildcareRegistration,
    Contact,
    CostOption,
    ExtraKind,
    LocalAuthority,
    Location,
    OfstedGrade,
    OpeningWeeks,
    Organisation,
    ProvisionType,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    TaxonomyTerm,
    Tier,
)
from directory.slugs import numbered, slug_base
from directory.taxonomy import CHILDCARE_TYPES, SEND_NEEDS, SERVICE_CATEGORIES

from . import vocabulary as words
from .vocabulary import AreaSpec, Town

SOURCE_PREFIX = "waymark-demo:"
SERVICE_ACCESSIBILITY = (
    "",
    "Tell us before you visit if you need any adjustments and we will plan them with you.",
    "Information is available in large print and easy read.",
    "A British Sign Language interpreter can be booked with two weeks' notice.",
)
BATCH_SIZE = 1000
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
CHILDCARE_SHARE = 0.22
SEND_SHARE = 0.12


@dataclass
class DemoSummary:
    """What a run did: the authorities involved and how many records it created."""

    local_authorities: list[LocalAuthority] = field(default_factory=list)
    skipped: list[LocalAuthority] = field(default_factory=list)
    created: Counter = field(default_factory=Counter)


def area_specs(count: int) -> list[AreaSpec]:
    """The first ``count`` demo areas: the real ones, then made-up "Demo Borough" ones."""
    specs = list(words.DEMO_AREAS[:count])
    for index in range(len(specs), count):
        town = words.EXTRA_TOWNS[index % len(words.EXTRA_TOWNS)]
        number = index + 1
        specs.append(
            AreaSpec(
                code=f"E99{number:06d}",
                name=f"Demo Borough {number:03d}",
                slug=f"demo-borough-{number:03d}",
                region="Demo region",
                towns=(town,),
            )
        )
    return specs


def demo_source_prefix(local_authority_code: str) -> str:
    return f"{SOURCE_PREFIX}{local_authority_code}:"


#: Real postcodes with their coordinates for outward codes in a local authority:
#: ``(outward_codes, local_authority_code) -> [(postcode, latitude, longitude), ...]``.
PostcodeSource = Callable[[Sequence[str], str], Sequence[tuple[str, float, float]]]
#: How far (degrees) a demo place may sit from its postcode's point: about 55 m either way.
NEAR_POSTCODE = (0.0005, 0.0008)


def generate_directory(
    local_authorities: int | Sequence[AreaSpec] = 2,
    services_per_la: int = 800,
    seed: int = 2026,
    progress: bool = False,
    today: dt.date | None = None,
    postcodes: PostcodeSource | None = None,
) -> DemoSummary:
    """Create demo organisations, locations and services for each authority not yet loaded.

    ``local_authorities`` is a count (the real North Lincolnshire and North East
    Lincolnshire first, then made-up ones) or explicit ``AreaSpec``s. The same seed, size
    and date always give the same records. With ``postcodes`` (the portal passes the
    postcode table's), each place gets a real postcode of its town and sits within about
    80 m of that postcode's point, so a search near a postcode finds the places in it;
    towns without known postcodes get made-up ones near the town's middle.
    """
    specs = (
        area_specs(local_authorities) if isinstance(local_authorities, int) else local_authorities
    )
    today = today or timezone.localdate()
    terms = _Terms.load()
    used_slugs = set(Service.objects.values_list("slug", flat=True))
    summary = DemoSummary()
    bar = tqdm(
        total=len(specs) * services_per_la, unit="service", disable=not progress, desc="Demo data"
    )
    with bar:
        for index, spec in enumerate(specs):
            la, _ = LocalAuthority.objects.get_or_create(
                code=spec.code,
                defaults={"name": spec.name, "slug": spec.slug, "region": spec.region},
            )
            summary.local_authorities.append(la)
            if Service.objects.filter(source_id__startswith=demo_source_prefix(la.code)).exists():
                summary.skipped.append(la)
                bar.update(services_per_la)
                continue
            builder = _AuthorityBuilder(
                la, spec, index, random.Random(f"{seed}:{spec.code}"), today, terms, used_slugs
            )
            builder.postcodes = postcodes
            builder.place_rng = random.Random(f"{seed}:{spec.code}:postcodes")
            with transaction.atomic():
                builder.build(services_per_la, bar, summary.created)
    return summary


@dataclass
class _Terms:
    """Taxonomy term ids the generator assigns, looked up once per run."""

    leaves: list[tuple[int, str, int | None]]  # (id, name, parent id)
    by_name: dict[str, int]
    send_needs: list[int]
    childcare_types: dict[str, int]

    @classmethod
    def load(cls) -> _Terms:
        rows = list(
            TaxonomyTerm.objects.select_related("taxonomy").values_list(
                "id", "name", "parent_id", "taxonomy__name"
            )
        )
        categories = [r for r in rows if r[3] == SERVICE_CATEGORIES]
        parent_ids = {r[2] for r in categories if r[2]}
        leaves = sorted(
            ((i, n, p) for i, n, p, _ in categories if i not in parent_ids), key=lambda r: r[1]
        )
        if not leaves:
            raise RuntimeError("The category taxonomy is empty: run `manage.py migrate` first.")
        return cls(
            leaves=leaves,
            by_name={n: i for i, n, _, _ in categories},
            send_needs=sorted(i for i, _, _, t in rows if t == SEND_NEEDS),
            childcare_types={n: i for i, n, _, t in rows if t == CHILDCARE_TYPES},
        )


@dataclass
class _Draft:
    """A service waiting to be inserted, with the rows that hang off it."""

    service: Service
    categories: list[int]
    locations: list[Location]
    schedules: list[tuple[int, dt.time, dt.time, str]]
    costs: list[tuple[str, Decimal | None, str]]
    contacts: list[tuple[str, str, str, str]]
    age_groups: list[tuple[int, int, int, int]] = field(default_factory=list)
    extras: list[tuple[str, str, Decimal, str]] = field(default_factory=list)


class _AuthorityBuilder:
    def __init__(self, la, spec, index, rng, today, terms, used_slugs):
        self.la, self.spec, self.index, self.rng = la, spec, index, rng
        self.today, self.terms, self.used_slugs = today, terms, used_slugs
        self.now = timezone.now()
        self.prefix = demo_source_prefix(la.code)
        self.places = self._place_names()
        self.activity_count = self.childcare_count = 0  # round-robin: every category is used
        self.organisations: list[Organisation] = []
        self.locations: list[Location] = []
        self.postcodes: PostcodeSource | None = None
        self.place_rng = random.Random(0)
        self.town_postcodes: dict[str, list[tuple[str, float, float]]] = {}

    # --- helpers -------------------------------------------------------------------------

    def _uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def _place_names(self) -> list[str]:
        names = [f"{a}{b}" for a in words.PLACE_STARTS for b in words.PLACE_ENDS]
        self.rng.shuffle(names)
        return names[:40]

    def _phone(self) -> str:
        if self.rng.random() < 0.2:
            return f"07700 900{self.rng.randrange(1000):03d}"
        return f"01632 960{self.rng.randrange(1000):03d}"

    def _postcode(self, town: Town) -> str:
        letters = "".join(self.rng.choice(INWARD_LETTERS) for _ in range(2))
        return f"{self.rng.choice(town.outward_codes)} {self.rng.randint(1, 9)}{letters}"

    def _unique_slug(self, name: str) -> str:
        base, number = slug_base(name), 1
        while (slug := numbered(base, number)) in self.used_slugs:
            number += 1
        self.used_slugs.add(slug)
        return slug

    def _published(self) -> dict:
        return {
            "live": True,
            "has_unpublished_changes": False,
            "first_published_at": self.now,
            "last_published_at": self.now,
        }

    # --- records -------------------------------------------------------------------------

    def build(self, services_per_la: int, bar, created: Counter) -> None:
        self._build_organisations(max(3, services_per_la // 12))
        self._build_locations(max(4, services_per_la // 4))
        created["organisations"] += len(self.organisations)
        created["locations"] += len(self.locations)
        for start in range(0, services_per_la, BATCH_SIZE):
            drafts = [
                self._draft(n) for n in range(start, min(start + BATCH_SIZE, services_per_la))
            ]
            self._insert(drafts, created)
            bar.update(len(drafts))

    def _build_organisations(self, count: int) -> None:
        orgs = []
        names = [f"{self.la.name} Family Hubs Network"]
        for place in self.places:
            for kind in words.ORGANISATION_KINDS:
                names.append(f"{place} {kind}")
        chosen = names[:1] + self.rng.sample(names[1:], min(count - 1, len(names) - 1))
        for n, name in enumerate(chosen):
            slug = slugify(name)
            orgs.append(
                Organisation(
                    uuid=self._uuid(),
                    local_authority=self.la,
                    name=name,
                    description=f"{name} is a made-up organisation in Waymark's demo data.",
                    website=f"https://{slug}.example.org/",
                    email=f"hello@{slug}.example.org",
                    phone=self._phone(),
                    source_id=f"{self.prefix}organisation:{n}",
                    **self._published(),
                )
            )
        self.organisations = Organisation.objects.bulk_create(orgs, batch_size=BATCH_SIZE)

    def _build_locations(self, count: int) -> None:
        locations = []
        for n in range(count):
            town = self.spec.towns[n % len(self.spec.towns)]
            place = self.places[n % len(self.places)]
            kind = words.VENUE_KINDS[(n // len(self.places)) % len(words.VENUE_KINDS)]
            street = f"{self.rng.choice(self.places)} {self.rng.choice(words.STREET_TYPES)}"
            locations.append(
                Location(
                    uuid=self._uuid(),
                    local_authority=self.la,
                    name=f"{place} {kind}",
                    address_1=f"{self.rng.randint(1, 180)} {street}",
                    address_2=place,
                    city=town.name,
                    postcode=self._postcode(town),
                    latitude=Decimal(f"{town.latitude + self.rng.gauss(0, 0.012):.6f}"),
                    longitude=Decimal(f"{town.longitude + self.rng.gauss(0, 0.018):.6f}"),
                    accessibility=self.rng.choice(words.ACCESSIBILITY_NOTES),
                    source_id=f"{self.prefix}location:{n}",
                )
            )
            self._place_at_real_postcode(locations[-1], town)
        self.locations = Location.objects.bulk_create(locations, batch_size=BATCH_SIZE)

    def _place_at_real_postcode(self, location: Location, town: Town) -> None:
        """Give the place a real postcode of its town and put it near that postcode's point.
        A separate random stream, so every other record is the same with or without it."""
        if self.postcodes is None:
            return
        if town.name not in self.town_postcodes:
            self.town_postcodes[town.name] = list(self.postcodes(town.outward_codes, self.la.code))
        known = self.town_postcodes[town.name]
        if not known:
            return
        postcode, latitude, longitude = self.place_rng.choice(known)
        lat_step, lon_step = NEAR_POSTCODE
        location.postcode = postcode
        location.latitude = Decimal(f"{latitude + self.place_rng.uniform(-lat_step, lat_step):.6f}")
        location.longitude = Decimal(
            f"{longitude + self.place_rng.uniform(-lon_step, lon_step):.6f}"
        )

    def _draft(self, n: int) -> _Draft:
        rng = self.rng
        location = self.locations[n % len(self.locations)]
        if rng.random() < CHILDCARE_SHARE:
            draft = self._childcare_draft(n, location)
        else:
            draft = self._activity_draft(n, location)
        service = draft.service
        service.uuid = self._uuid()
        service.local_authority = self.la
        service.organisation = rng.choice(self.organisations)
        service.slug = self._unique_slug(service.name)
        service.la_reference = f"DEMO-{n + 1:05d}"
        service.source_id = f"{self.prefix}service:{n}"
        service.languages = rng.choice(words.LANGUAGE_SETS)
        service.accessibility = rng.choice(SERVICE_ACCESSIBILITY)
        service.last_reviewed = self.today - dt.timedelta(days=rng.randint(0, 540))
        service.review_due = service.last_reviewed + dt.timedelta(days=365)
        roll = rng.random()
        if roll < 0.03:
            service.status = ServiceStatus.TEMPORARILY_CLOSED
            service.schedule_notes = "Closed for refurbishment; reopening next term."
        elif roll < 0.05:
            service.is_public = False
            service.review_flag = "Mapping only: not shown in the public directory"
        domain = f"{service.slug[:40].strip('-')}.example.org"
        service.website = f"https://{domain}/"
        service.email = f"info@{domain}"
        service.phone = self._phone()
        for key, value in self._published().items():
            setattr(service, key, value)
        first, last = rng.choice(words.FIRST_NAMES), rng.choice(words.LAST_NAMES)
        draft.contacts = [
            (
                f"{first} {last}",
                rng.choice(words.CONTACT_TITLES),
                f"{first.lower()}.{last.lower()}@{domain}",
                self._phone(),
            )
        ]
        return draft

    def _activity_draft(self, n: int, location: Location) -> _Draft:
        rng = self.rng
        leaf_id, leaf_name, parent_id = self.terms.leaves[
            self.activity_count % len(self.terms.leaves)
        ]
        self.activity_count += 1
        stems, (low, high), tier, free_chance = words.CATEGORY_PROFILES.get(
            leaf_name, (("Family Service",), (0, 18), Tier.UNIVERSAL, 0.8)
        )
        stem = rng.choice(stems)
        place = location.address_2 or location.city
        categories = [leaf_id]
        siblings = [i for i, _, p in self.terms.leaves if p == parent_id and i != leaf_id]
        if siblings and rng.random() < 0.3:
            categories.append(rng.choice(siblings))
        is_send_category = parent_id == self.terms.by_name.get(
            "Special educational needs and disabilities (SEND)"
        )
        send = is_send_category or rng.random() < SEND_SHARE
        if send:
            categories += rng.sample(self.terms.send_needs, k=rng.randint(1, 3))
        is_free = rng.random() < free_chance
        service = Service(
            name=f"{stem} – {place}",
            summary=f"{stem} for {_audience(low, high)} in {location.city}.",
            description=_description(rng, stem, location),
            minimum_age=low,
            maximum_age=high,
            eligibility_notes=_eligibility(low, high, tier),
            is_free=is_free,
            cost_notes="" if is_free else "Ask about reduced prices for families on low incomes.",
            in_person=rng.random() > 0.08,
            online=rng.random() < 0.2,
            by_phone=rng.random() < 0.15,
            home_visit=tier != Tier.UNIVERSAL and rng.random() < 0.4,
            send_local_offer=send,
            send_details=rng.choice(words.SEND_DETAILS) if send else "",
            tier=tier,
            **_referral(rng, tier, stem),
        )
        costs = [] if is_free else [_session_cost(rng)]
        return _Draft(service, categories, [location], _sessions(rng, high), costs, [])

    def _childcare_draft(self, n: int, location: Location) -> _Draft:
        rng = self.rng
        kinds = list(words.CHILDCARE_PROFILES)
        kind = kinds[self.childcare_count % len(kinds)]
        self.childcare_count += 1
        stems, registration, category, (low, high), places = words.CHILDCARE_PROFILES[kind]
        place = location.address_2 or location.city
        if kind == "Childminder":
            name = f"{rng.choice(words.FIRST_NAMES)}'s {rng.choice(stems)} – {place}"
        else:
            name = f"{rng.choice(words.CHILDCARE_NAME_STARTS)} {rng.choice(stems)} – {place}"
        is_school = registration == ChildcareRegistration.SCHOOL
        compulsory = registration == ChildcareRegistration.EARLY_YEARS_REGISTER or is_school
        grade = (
            rng.choices(
                [OfstedGrade.OUTSTANDING, OfstedGrade.GOOD, OfstedGrade.REQUIRES_IMPROVEMENT,
                 OfstedGrade.INADEQUATE],
                weights=[15, 75, 8, 2],
            )[0]
            if compulsory
            else rng.choices([OfstedGrade.MET, OfstedGrade.NOT_MET], weights=[95, 5])[0]
        )  # fmt: skip
        early_years = low < 5
        send = rng.random() < SEND_SHARE
        categories = [self.terms.childcare_types[kind], self.terms.by_name[category]]
        if send:
            categories += rng.sample(self.terms.send_needs, k=rng.randint(1, 2))
        service = Service(
            name=name,
            summary=f"Ofsted-registered childcare for children aged {low} to {high} in "
            f"{location.city}.",
            description=_description(rng, name.partition(" – ")[0], location),
            minimum_age=low,
            maximum_age=high,
            is_free=False,
            cost_notes="Funded hours available for eligible children."
            if early_years
            else "Childcare vouchers and Tax-Free Childcare accepted.",
            in_person=True,
            home_visit=kind == "Nanny or home childcarer",
            send_local_offer=send,
            send_details=rng.choice(words.SEND_DETAILS) if send else "",
            tier=Tier.UNIVERSAL,
            ofsted_urn=f"EY{100000 + self.index * 10000 + n:06d}" if not is_school else "",
            childcare_registration=registration,
            ofsted_grade=grade,
            ofsted_inspection_date=self.today - dt.timedelta(days=rng.randint(60, 1460)),
            childcare_places=rng.randint(*places),
            **_referral(rng, Tier.UNIVERSAL, name),
        )
        offer = _childcare_offer(
            random.Random(f"childcare:{self.la.code}:{n}"), service, kind, is_school, self.today
        )
        return _Draft(
            service,
            categories,
            [location],
            _childcare_hours(kind),
            [_childcare_cost(rng, kind)],
            [],
            *offer,
        )

    # --- inserting -----------------------------------------------------------------------

    def _insert(self, drafts: list[_Draft], created: Counter) -> None:
        services = Service.objects.bulk_create([d.service for d in drafts], batch_size=BATCH_SIZE)
        links, schedules, costs, contacts, locations = [], [], [], [], []
        age_groups, extras = [], []
        for draft, service in zip(drafts, services, strict=True):
            pk = service.pk
            age_groups += [(pk, i, *row) for i, row in enumerate(draft.age_groups)]
            extras += [(pk, i, *row) for i, row in enumerate(draft.extras)]
            links += [(pk, term) for term in draft.categories]
            schedules += [(pk, i, *row) for i, row in enumerate(draft.schedules)]
            costs += [(pk, i, *row) for i, row in enumerate(draft.costs)]
            contacts += [(pk, i, *row) for i, row in enumerate(draft.contacts)]
            locations += [
                (pk, i, self._uuid(), loc.pk, "") for i, loc in enumerate(draft.locations)
            ]
        through = Service.categories.through
        _insert_rows(through, ["service_id", "taxonomyterm_id"], links)
        fields = ["service_id", "sort_order"]
        _insert_rows(Schedule, [*fields, "weekday", "opens_at", "closes_at", "notes"], schedules)
        _insert_rows(CostOption, [*fields, "option", "amount", "amount_description"], costs)
        _insert_rows(Contact, [*fields, "name", "title", "email", "phone"], contacts)
        _insert_rows(ServiceAtLocation, [*fields, "uuid", "location_id", "notes"], locations)
        _insert_rows(
            ChildcareAgeGroup, [*fields, "age_from", "age_to", "places", "vacancies"], age_groups
        )
        _insert_rows(ChildcareExtra, [*fields, "kind", "description", "price", "unit"], extras)
        created["services"] += len(services)
        created["schedules"] += len(schedules)
        created["cost options"] += len(costs)
        created["contacts"] += len(contacts)
        created["service locations"] += len(locations)
        created["category links"] += len(links)


def _insert_rows(model, columns: list[str], rows: list[tuple]) -> None:
    """Insert plain value rows (``columns``: attribute names) without instances or signals."""
    insert_rows(model, [dict(zip(columns, row, strict=True)) for row in rows])


# --- text and times ----------------------------------------------------------------------


def _audience(low: int | None, high: int | None) -> str:
    if low is None and high is None:
        return "parents and carers"
    if high is not None and high <= 4:
        return "babies and young children" if low == 0 else f"children aged {low} to {high}"
    if low is not None and low >= 11:
        return f"young people aged {low} to {high}"
    return f"children aged {low} to {high}"


def _eligibility(low: int | None, high: int | None, tier: str) -> str:
    if tier == Tier.SPECIALIST:
        return "For families who meet the criteria below; a professional must refer you."
    if tier == Tier.TARGETED:
        return "For families who need extra help. You can ask for a referral from any professional."
    if low is None:
        return "Open to parents, carers and expectant parents living in the area."
    return "Open to all families living in the area."


_OPENERS = (
    "{stem} is a friendly, welcoming service run by trained staff and volunteers.",
    "Come along to {stem}: there is no need to book for your first visit.",
    "{stem} helps families get the right support at the right time.",
)
_MIDDLES = (
    "Sessions take place at {venue}, close to bus routes and with parking nearby.",
    "We meet at {venue}. Brothers and sisters are welcome too.",
    "Most sessions are held at {venue}; some are online.",
)
_CLOSERS = (
    "Tell us if you or your child need any support to take part.",
    "Refreshments are provided. Please bring a drink for your child.",
    "This is demo data: the service, its staff and its contact details are made up.",
)


def _description(rng: random.Random, stem: str, location: Location) -> str:
    parts = (rng.choice(_OPENERS), rng.choice(_MIDDLES), rng.choice(_CLOSERS))
    text = " ".join(parts).format(stem=stem[:1].upper() + stem[1:], venue=location.name)
    first, _, rest = text.partition(". ")
    return f"<p>{first}.</p><p>{rest}</p>"


def _referral(rng: random.Random, tier: str, stem: str) -> dict:
    form = f"https://referrals.example.org/{slugify(stem)[:60]}"
    if tier == Tier.SPECIALIST:
        return {
            "self_referral": False,
            "professional_referral": True,
            "who_can_refer": "Social workers, Early Help practitioners, GPs, health visitors, "
            "school SENCOs and other professionals working with the family.",
            "referral_criteria": "Level 3 or 4 on the local continuum of need: children with "
            "complex needs, or a family already open to Early Help or children's social care.",
            "how_to_refer": "Complete the online referral form with the family's consent. "
            "The team decides within five working days and will contact you.",
            "referral_form_url": form,
        }
    if tier == Tier.TARGETED:
        return {
            "self_referral": rng.random() < 0.6,
            "professional_referral": True,
            "who_can_refer": "Any professional working with the family, or the family itself "
            "where self-referral is accepted.",
            "referral_criteria": "Level 2 on the local continuum of need: families who need some "
            "extra help that universal services cannot give.",
            "how_to_refer": "Use the referral form or phone the team to talk it through first.",
            "referral_form_url": form,
        }
    return {
        "self_referral": True,
        "professional_referral": rng.random() < 0.5,
        "who_can_refer": "Anyone: families can come along or get in touch directly.",
        "referral_criteria": "",
        "how_to_refer": "No referral needed. Contact the service or just come along.",
        "referral_form_url": "",
    }


_SESSION_TIMES = (
    (dt.time(9, 30), dt.time(11, 30)),
    (dt.time(10, 0), dt.time(12, 0)),
    (dt.time(13, 0), dt.time(15, 0)),
    (dt.time(16, 0), dt.time(18, 0)),
    (dt.time(18, 0), dt.time(20, 0)),
)


def _sessions(rng: random.Random, max_age: int | None) -> list[tuple[int, dt.time, dt.time, str]]:
    if max_age is None and rng.random() < 0.5:  # advice for parents: office hours
        return [(day, dt.time(9), dt.time(17), "") for day in range(5)]
    days = sorted(rng.sample(range(7 if (max_age or 0) >= 5 else 6), k=rng.randint(1, 3)))
    opens, closes = rng.choice(_SESSION_TIMES)
    note = "Term time only" if rng.random() < 0.3 else ""
    return [(day, opens, closes, note) for day in days]


def _childcare_hours(kind: str) -> list[tuple[int, dt.time, dt.time, str]]:
    if kind == "Out of school club":
        return [
            *[(d, dt.time(7, 30), dt.time(8, 45), "Breakfast club") for d in range(5)],
            *[(d, dt.time(15, 15), dt.time(18, 0), "After school") for d in range(5)],
        ]
    if kind == "Holiday scheme":
        return [(d, dt.time(8), dt.time(17, 30), "School holidays only") for d in range(5)]
    if kind in {"Pre-school playgroup", "Nursery school or class"}:
        return [(d, dt.time(8, 45), dt.time(15, 15), "Term time only") for d in range(5)]
    return [(d, dt.time(7, 30), dt.time(18), "") for d in range(5)]


PROVISION_TYPES = {
    "Childminder": ProvisionType.CHILDMINDER,
    "Nanny or home childcarer": ProvisionType.HOME_CHILDCARER,
    "Nursery school or class": "",
}


def _childcare_offer(
    rng: random.Random, service: Service, kind: str, is_school: bool, today: dt.date
) -> tuple[list[tuple[int, int, int, int]], list[tuple[str, str, Decimal, str]]]:
    """Fill in a synthetic childcare offer (registers, entitlements, weeks, vacancy dates)
    on ``service``; return its age groups (from, to, places, vacancies) and extras."""
    low, high = service.minimum_age or 0, service.maximum_age or 0
    early_years = low < 5
    service.ofsted_provision_type = PROVISION_TYPES.get(kind, ProvisionType.NON_DOMESTIC)
    service.childminder_consent = kind == "Childminder" and rng.random() < 0.9
    service.on_early_years_register = early_years and not is_school
    service.on_compulsory_childcare_register = high >= 5 and kind != "Nanny or home childcarer"
    service.on_voluntary_childcare_register = kind in {"Holiday scheme", "Nanny or home childcarer"}
    service.funded_working_from_9_months = early_years and low == 0 and rng.random() < 0.8
    service.funded_two_year_olds_disadvantaged = early_years and low <= 2 and rng.random() < 0.8
    service.funded_two_year_olds_working = early_years and low <= 2 and rng.random() < 0.7
    service.funded_universal_15_hours = early_years and high >= 3 and rng.random() < 0.9
    service.funded_30_hours = early_years and high >= 3 and rng.random() < 0.8
    service.tax_free_childcare = not is_school and rng.random() < 0.85
    service.opening_weeks = (
        OpeningWeeks.HOLIDAYS
        if kind == "Holiday scheme"
        else OpeningWeeks.TERM_TIME
        if kind in {"Pre-school playgroup", "Nursery school or class"}
        else OpeningWeeks.ALL_YEAR
    )
    service.vacancies_updated = today - dt.timedelta(days=rng.randint(0, 60))
    total = service.childcare_places or 0
    bands = [(a, b) for a, b in ((0, 1), (2, 2), (3, 4), (5, 7), (8, 11)) if b >= low and a <= high]
    groups = []
    for i, (a, b) in enumerate(bands):
        places = total // len(bands) + (1 if i < total % len(bands) else 0)
        groups.append((max(a, low), min(b, high), places, rng.randint(0, min(places, 4))))
    extras = []
    if early_years and not is_school:
        extras.append(
            (ExtraKind.MEALS, "Hot lunch", Decimal(rng.choice(["2.50", "3.00"])), "per day")
        )
        extras.append((ExtraKind.CONSUMABLES, "Nappies and wipes", Decimal("1.00"), "per day"))
    if kind in {"Holiday scheme", "Out of school club"}:
        extras.append(
            (ExtraKind.TRIPS, "Day trips", Decimal(rng.choice(["5.00", "8.00"])), "per trip")
        )
    return groups, extras


def _session_cost(rng: random.Random) -> tuple[str, Decimal, str]:
    amount = rng.choice([Decimal("1.50"), Decimal("2.00"), Decimal("3.50"), Decimal("5.00")])
    return ("Per session", amount, "per child")


def _childcare_cost(rng: random.Random, kind: str) -> tuple[str, Decimal, str]:
    if kind in {"Day nursery", "Holiday scheme"}:
        amount = Decimal(rng.choice([48, 52, 55, 60, 65]))
        return ("Per day", amount, "including meals and snacks")
    if kind == "Out of school club":
        amount = Decimal(rng.choice(["4.50", "6.00", "8.50", "11.00"]))
        return ("Per session", amount, "discounts for brothers and sisters")
    amount = Decimal(rng.choice(["5.50", "6.00", "6.50", "7.25"]))
    return ("Per hour", amount, "")
