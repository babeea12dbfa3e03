"""factory_boy factories for the records tests arrange. Tests only; nothing imports this."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils.text import slugify

from directory.models import (
    LocalAuthority,
    Location,
    Membership,
    Organisation,
    Schedule,
    Service,
    ServiceAtLocation,
    StaffRole,
    Taxonomy,
    TaxonomyTerm,
)

STAFF_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("directory", "add_service"),
    ("directory", "change_service"),
    ("directory", "delete_service"),
    ("directory", "publish_service"),
    ("directory", "lock_service"),
    ("directory", "add_organisation"),
    ("directory", "change_organisation"),
    ("directory", "delete_organisation"),
    ("directory", "publish_organisation"),
    ("directory", "add_location"),
    ("directory", "change_location"),
    ("directory", "delete_location"),
    ("directory", "view_problemreport"),
    ("directory", "change_problemreport"),
    ("directory", "view_localofferfeedback"),
    ("directory", "change_localofferfeedback"),
    ("directory", "add_providerinvitation"),
    ("directory", "view_providerinvitation"),
    ("directory", "delete_providerinvitation"),
    ("directory", "view_provideraccess"),
    ("directory", "delete_provideraccess"),
]


class LocalAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalAuthority
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"E06{n:06d}")
    name = factory.Sequence(lambda n: f"Testshire {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    region = "Yorkshire and The Humber"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or "correct horse battery")
        if create:
            self.save(update_fields=["password"])


def staff_user(local_authority: LocalAuthority, role: str = StaffRole.EDITOR, **kwargs):
    """A member of ``local_authority``'s staff with the directory editing permissions."""
    user = UserFactory(**kwargs)
    Membership.objects.get_or_create(user=user, local_authority=local_authority, role=role)
    for app_label, codename in STAFF_PERMISSIONS:
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


class TaxonomyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Taxonomy
        django_get_or_create = ("name",)

    name = "Service categories"


class TaxonomyTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaxonomyTerm

    taxonomy = factory.SubFactory(TaxonomyFactory)
    name = factory.Sequence(lambda n: f"Category {n}")
    code = factory.LazyAttribute(lambda o: slugify(o.name))
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    local_authority = factory.SubFactory(LocalAuthorityFactory)
    name = factory.Sequence(lambda n: f"Organisation {n}")
    live = True


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    local_authority = factory.SubFactory(LocalAuthorityFactory)
    name = factory.Sequence(lambda n: f"Family Hub {n}")
    address_1 = "1 High Street"
    city = "Scunthorpe"
    postcode = "DN15 6NL"
    latitude = 53.5886
    longitude = -0.6545


class ServiceFactory(factory.django.DjangoModelFactory):
    """A published, public service."""

    class Meta:
        model = Service
        skip_postgeneration_save = True

    local_authority = factory.SubFactory(LocalAuthorityFactory)
    organisation = factory.SubFactory(
        OrganisationFactory, local_authority=factory.SelfAttribute("..local_authority")
    )
    name = factory.Sequence(lambda n: f"Service {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    summary = "A service for families."
    description = "<p>What the service does.</p>"
    live = True
    last_reviewed = factory.LazyFunction(dt.date.today)

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create and extracted:
            self.categories.set(extracted)
            self.save()

    @factory.post_generation
    def locations(self, create, extracted, **kwargs):
        if create and extracted:
            for location in extracted:
                ServiceAtLocation.objects.create(service=self, location=location)

    @factory.post_generation
    def schedules(self, create, extracted, **kwargs):
        if create and extracted:
            for weekday, opens, closes in extracted:
                Schedule.objects.create(
                    service=self, weekday=weekday, opens_at=opens, closes_at=closes
                )
