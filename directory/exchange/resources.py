"""django-import-export resources for organisations, locations and services.

One resource instance serves one import (or export) for one local authority. Rows are
keyed on the record's UUID (column ``id``; blank = a new record). Records of another
local authority, unknown ids and other LAs' codes are row errors, never silent skips.
Organisations and services are Wagtail draft-state models: imports save a revision, new
records land as drafts unless ``publish`` is set, and a live record's changes stay a
draft (the published version untouched) unless ``publish`` is set.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from html import unescape
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import prefetch_related_objects
from django.utils.html import strip_tags
from import_export import resources, widgets
from import_export.fields import Field
from import_export.instance_loaders import BaseInstanceLoader
from import_export.results import RowResult

from directory.importers.blank import blank_record, new_record
from directory.importers.bulk import NewRecordWriter
from directory.importers.bulk_changes import ChangedRecordWriter, stored_values, unchanged_links
from directory.importers.saving import latest_versions, save_imported
from directory.models import (
    CostOption,
    LocalAuthority,
    Location,
    Organisation,
    Schedule,
    Service,
    ServiceAtLocation,
)
from directory.richtext import sanitise_html
from directory.slugs import slug_base, unique_slug

from . import flatten
from .cells import restore


class YesNoWidget(widgets.BooleanWidget):
    """Booleans as ``yes`` / ``no``; also reads true/false, 1/0, y/n."""

    TRUE_VALUES = ["yes", "y", "true", "1", 1, True]
    FALSE_VALUES = ["no", "n", "false", "0", 0, False]

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        key = value.strip().lower() if isinstance(value, str) else value
        if key in self.TRUE_VALUES:
            return True
        if key in self.FALSE_VALUES:
            return False
        raise ValueError(f"“{value}” is not yes or no.")

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return "yes" if value else "no"


# import-export's own widgets raise Python's messages (or, for numbers, decimal.InvalidOperation,
# which it does not catch). These say what is wrong with the cell and what to type instead.


class WholeNumberWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        if self.is_empty(value):
            return None
        try:
            number = Decimal(str(value).strip().replace(",", ""))
        except (ArithmeticError, ValueError):
            number = None
        if number is None or not number.is_finite() or number != number.to_integral_value():
            raise ValueError(f"“{value}” is not a whole number. Enter digits, like 4.")
        return int(number)


class DecimalNumberWidget(widgets.DecimalWidget):
    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except (ArithmeticError, ValueError):
            raise ValueError(f"“{value}” is not a number. Enter digits, like 12.50.") from None


class DayWidget(widgets.DateWidget):
    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except ValueError:
            example = dt.date(2025, 3, 31).strftime(self.formats[0])
            raise ValueError(f"“{value}” is not a date. Enter it like {example}.") from None


class ScopedInstanceLoader(BaseInstanceLoader):
    """Finds the records a batch of rows names by UUID, refusing other LAs' records."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        keys = []
        if dataset is not None and "id" in (dataset.headers or []):
            for raw in dataset["id"]:
                try:
                    keys.append(uuid.UUID(str(restore(raw))))
                except ValueError:
                    continue
        # Only this import's LA: another council's id then reads exactly as an unknown one.
        queryset = resource.get_queryset().filter(
            uuid__in=keys, local_authority=resource.local_authority
        )
        # The related records are read only for the records used as read: a record with a
        # draft pending is replaced by that draft, which holds its own.
        lookups = queryset._prefetch_related_lookups
        records = list(queryset.prefetch_related(None))
        # The rows as read, for the batch writer to compare changed records with.
        resource.stored = {obj.pk: stored_values(obj) for obj in records}
        # Compare with (and build on) the latest draft, so re-importing a file whose
        # changes are awaiting publication finds nothing new.
        versions = latest_versions(records)
        as_read = [obj for obj, version in zip(records, versions, strict=True) if obj is version]
        if as_read and lookups:
            prefetch_related_objects(as_read, *lookups)
        self.instances = {obj.uuid: version for obj, version in zip(records, versions, strict=True)}

    def get_instance(self, row):
        raw = restore(row.get("id"))
        if raw in (None, ""):
            return None
        try:
            key = uuid.UUID(str(raw))
        except ValueError:
            raise ValidationError(
                {"id": f"“{raw}” is not an id from an export; leave it blank to add a record."}
            ) from None
        obj = self.instances.get(key)
        name = self.resource._meta.model._meta.verbose_name
        if obj is None:
            raise ValidationError(
                {"id": f"There is no {name} with id {raw}; leave it blank to add a record."}
            )
        return obj


class IdField(Field):
    """The record's UUID, exported as ``id``; read only by the instance loader."""

    def __init__(self):
        super().__init__(attribute="uuid", column_name="id", widget=widgets.CharWidget())

    def save(self, instance, row, is_m2m=False, **kwargs):
        return None


class LocalAuthorityField(Field):
    """The owning LA's ONS code; must be the LA this import is for (blank means it)."""

    def __init__(self):
        super().__init__(attribute="local_authority", column_name="local_authority")

    def get_value(self, instance):
        return instance.local_authority.code if instance.local_authority_id else None

    def save(self, instance, row, is_m2m=False, **kwargs):
        resource = self.resource
        code = restore(row.get(self.column_name)) or resource.local_authority.code
        if str(code).upper() != resource.local_authority.code:
            raise ValueError(
                f"“{code}” is another local authority; this import is for "
                f"{resource.local_authority.name} ({resource.local_authority.code})."
            )
        instance.local_authority = resource.local_authority


class FlatField(Field):
    """A column computed from related records; the resource formats and parses it."""

    def __init__(self, column_name: str):
        super().__init__(attribute=column_name, column_name=column_name)

    def get_value(self, instance):
        return getattr(self.resource, f"format_{self.column_name}")(instance)

    def save(self, instance, row, is_m2m=False, **kwargs):
        value = restore(row.get(self.column_name))
        if instance.pk is None:  # a new record has none yet: nothing to compare with
            if not value:
                return
        elif (value or "") == (self.get_value(instance) or ""):
            return
        getattr(self.resource, f"apply_{self.column_name}")(instance, value)


class TextDiff(resources.Diff):
    """A row's value in each column before and after, as plain text: rich text as its words,
    not its markup (import-export's own ``Diff`` gives HTML fragments)."""

    def as_html(self):  # the name import-export calls; the engine reads (before, after) pairs
        pairs = []
        for before, after in zip(self.left, self.right, strict=False):
            pairs.append(("" if self.new else _as_text(before), _as_text(after)))
        return pairs


def _as_text(value) -> str:
    text = "" if value is None else str(value)
    if "<" in text:
        text = strip_tags(text.replace("</p>", "</p> ").replace("<br", " <br"))
    return " ".join(unescape(text).split())


class _NoDiff:
    """Stands in for import-export's ``Diff`` on rows whose diff nobody will see."""

    def __init__(self, resource, instance, new):
        pass

    def compare_with(self, resource, instance):
        pass

    def as_html(self):
        return []


class DirectoryResource(resources.ModelResource):
    """What every directory resource shares: scoping, cell rules, revisions."""

    id = IdField()
    local_authority = LocalAuthorityField()

    def __init__(
        self,
        local_authority: LocalAuthority | None = None,
        user=None,
        publish: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.local_authority = local_authority
        self.user = user
        self.publish = publish
        # How many more rows' diffs the engine's preview will show (it sets this per batch);
        # a row that is not unchanged takes one.
        self.diffs_wanted = 1_000_000
        # New and changed records wait here to be written a batch at a time (``flush``);
        # None: row by row.
        self.writer: NewRecordWriter | None = None
        self.changes: ChangedRecordWriter | None = None
        self.stored: dict[int, dict[str, Any]] = {}  # the batch's rows as read, by pk
        self.row_number: int | None = None
        # Organisations and locations named by the rows, looked up once per import.
        self.lookups: dict[str, dict[str, list]] = {}
        for field in self.fields.values():
            field.resource = self

    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        if isinstance(f, models.BooleanField):
            return YesNoWidget
        if isinstance(f, models.IntegerField):
            return WholeNumberWidget
        if isinstance(f, models.DecimalField | models.FloatField):
            return DecimalNumberWidget
        if isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField):
            return DayWidget
        return super().widget_from_django_field(f, default)

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        field = super().field_from_django_field(field_name, django_field, readonly)
        # A blank cell in a column that may be blank means blank (e.g. languages), not the
        # model default; elsewhere (status, yes/no columns) it means the default.
        if django_field.blank and not isinstance(django_field, models.BooleanField):
            field.default = models.NOT_PROVIDED
        return field

    @classmethod
    def required_columns(cls) -> list[str]:
        return ["id", "name"]

    @classmethod
    def column_names(cls) -> list[str]:
        return [field.column_name for field in cls().get_export_fields()]

    def get_import_fields(self):
        # The same on every row; import-export works them out again three times a row.
        fields = self.__dict__.get("_import_fields")
        if fields is None:
            fields = self.__dict__["_import_fields"] = super().get_import_fields()
        return fields

    def import_instance(self, instance, row, **kwargs):
        """import-export's: each field's value from the row, every field's ``ValueError``
        gathered into one ``ValidationError``; but only over the fields whose column the
        file has (worked out once per set of columns, not tried for all sixty on each row)."""
        errors = {}
        for field in self._fields_in(row):
            try:
                self.import_field(field, instance, row, **kwargs)
            except ValueError as error:
                errors[field.attribute] = ValidationError(str(error), code="invalid")
        if errors:
            raise ValidationError(errors)

    def _fields_in(self, row) -> list[Field]:
        columns = tuple(row)
        known = self.__dict__.setdefault("_fields_by_columns", {})
        if columns not in known:
            known[columns] = [
                field
                for field in self.get_import_fields()
                if field.attribute
                and field.column_name in columns
                and not isinstance(field.widget, widgets.ManyToManyWidget)
            ]
        return known[columns]

    def before_import_row(self, row, **kwargs):
        self.row_number = kwargs.get("row_number")
        for key, value in row.items():
            row[key] = restore(value)

    def import_row(self, row, instance_loader, **kwargs):
        if self.writer is None and self.changes is None:  # row by row: import-export's own
            return super().import_row(row, instance_loader, **kwargs)
        return self.import_row_uncopied(row, instance_loader, **kwargs)

    def import_row_uncopied(self, row, instance_loader, **kwargs) -> RowResult:
        """import-export's ``import_row`` (for a resource that deletes nothing and has no
        many-to-many widget), with the same hooks, fields, widgets, validation and result,
        but without the deep copy of each row's record that its unchanged check and its diff
        read: the values they read of the record as found are taken before the row is
        applied. A new row with a name changes the blank record, so is never unchanged:
        nothing is compared for it; nor is a diff taken that nobody will see. That
        machinery was about a third of a new row's processor time."""
        row_result = self.get_row_result_class()()
        try:
            self.before_import_row(row, **kwargs)
            instance, new = self.get_or_init_instance(instance_loader, row)
            self.after_init_instance(instance, new, row, **kwargs)
            row_result.import_type = (
                RowResult.IMPORT_TYPE_NEW if new else RowResult.IMPORT_TYPE_UPDATE
            )
            diff = self.get_diff_class()(self, instance, new) if self.diffs_wanted > 0 else None
            compare = self._meta.skip_unchanged and not (new and row.get("name"))
            before = self._compared_values(instance) if compare else None
            errors: dict = {}
            try:
                self.import_instance(instance, row, **kwargs)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
            if compare and not errors and self._compared_values(instance) == before:
                row_result.import_type = RowResult.IMPORT_TYPE_SKIP
            else:
                self.validate_instance(instance, errors)
                self.save_instance(instance, new, row, **kwargs)
            row_result.add_instance_info(instance)
            if diff is not None:
                diff.compare_with(self, instance)
                row_result.diff = diff.as_html()
                if row_result.import_type != RowResult.IMPORT_TYPE_SKIP:
                    self.diffs_wanted -= 1  # a row the preview shows
            self.after_import_row(row, row_result, **kwargs)
        except ValidationError as error:
            row_result.import_type = RowResult.IMPORT_TYPE_INVALID
            row_result.validation_error = error
        except Exception as error:  # as import-export's import_row: the row's error
            row_result.import_type = RowResult.IMPORT_TYPE_ERROR
            row_result.errors.append(
                self.get_error_result_class()(error, row=row, number=kwargs["row_number"])
            )
        return row_result

    def _compared_values(self, instance) -> list:
        """What import-export's ``skip_row`` compares: each import field's value."""
        return [field.get_value(instance) for field in self.get_import_fields()]

    def after_import(self, dataset, result, **kwargs) -> None:
        """Not import-export's, which sets the id sequence to the largest id this transaction
        can see (as ``loaddata`` does, for rows given their ids): that winds it back over ids
        another import running at the same time has taken and not written yet, and the two
        then write the same ids. Every id here comes from the sequence, so nothing is reset."""

    def flush(self) -> list[tuple[int, Exception, str]]:
        """Write the changed and new records queued since the last flush; return (row_number,
        error, outcome) for each one the batch refused (a clash with another record or an
        earlier row), ``outcome`` being what the row was counted as (changed or new)."""
        refused = []
        if self.changes is not None:
            refused += [(row, error, "changed") for row, error in self.changes.flush()]
        if self.writer is not None:
            refused += [(row, error, "new") for row, error in self.writer.flush()]
        return refused

    def _queues(self, instance) -> bool:
        """Whether ``instance`` is written by a batch writer rather than on its row."""
        if instance.pk is None:
            return self.writer is not None
        return self.changes is not None and not self.publish

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        if not self._queues(instance):
            return super().validate_instance(instance, import_validation_errors, validate_unique)
        # A queued record's uniqueness is checked for its whole batch at flush; a link to a
        # record this import has just read from the database, or one a changed record still
        # has, needs no query to prove it.
        errors = dict(import_validation_errors or {})
        known = loaded_links(instance)
        if instance.pk is not None:
            known += unchanged_links(instance, self.stored.get(instance.pk, {}))
        try:
            instance.full_clean(
                exclude=[*errors, *known],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def get_diff_class(self):
        # Working out a row's diff costs as much as checking it; only the preview shows them.
        return TextDiff if self.diffs_wanted > 0 else _NoDiff

    def init_instance(self, row=None):
        instance = blank_record(self._meta.model)  # import-export's is ``model()``
        instance.local_authority = self.local_authority
        return instance

    def do_instance_save(self, instance, is_create):
        if is_create and self.writer is not None:
            self.writer.add(
                instance, self.row_number, auto_slug=getattr(instance, "_auto_slug", False)
            )
            return
        if self._queues(instance):
            self.changes.add(instance, self.row_number, self.stored[instance.pk])
            return
        # validate_instance() has just run full_clean() on this very instance. A savepoint
        # of its own, so a row the database refuses is that row's error alone (the engine
        # runs import-export without a savepoint per row: most rows write nothing).
        with transaction.atomic():
            save_imported(
                instance, created=is_create, user=self.user, publish=self.publish, clean=False
            )


class OrganisationResource(DirectoryResource):
    class Meta:
        model = Organisation
        fields = (
            "id",
            "local_authority",
            "name",
            "description",
            "website",
            "email",
            "phone",
            "charity_number",
            "companies_house_number",
        )
        export_order = fields
        import_id_fields = ("id",)
        instance_loader_class = ScopedInstanceLoader
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def get_queryset(self):
        return Organisation.objects.select_related("local_authority")


class LocationResource(DirectoryResource):
    class Meta:
        model = Location
        fields = (
            "id",
            "local_authority",
            "name",
            "description",
            "address_1",
            "address_2",
            "city",
            "postcode",
            "latitude",
            "longitude",
            "accessibility",
        )
        export_order = fields
        import_id_fields = ("id",)
        instance_loader_class = ScopedInstanceLoader
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    @classmethod
    def required_columns(cls) -> list[str]:
        return ["id", "name", "address_1", "city", "postcode"]

    def get_queryset(self):
        return Location.objects.select_related("local_authority")


class OrganisationField(Field):
    """The service's organisation: its UUID on export; a UUID or exact name on import."""

    def __init__(self):
        super().__init__(attribute="organisation", column_name="organisation")

    def get_value(self, instance):
        return str(instance.organisation.uuid) if instance.organisation_id else None

    def save(self, instance, row, is_m2m=False, **kwargs):
        value = restore(row.get(self.column_name))
        if not value:
            instance.organisation = None
            return
        cache = self.resource.lookups.setdefault("organisation", {})
        found = cache.get(value)
        if found is None:
            scope = Organisation.objects.filter(local_authority=self.resource.local_authority)
            try:
                found = list(scope.filter(uuid=uuid.UUID(str(value))))
            except ValueError:
                found = list(scope.filter(name__iexact=value))
            cache[value] = found
        if not found:
            raise ValueError(f"“{value}” is not one of this local authority's organisations.")
        if len(found) > 1:
            raise ValueError(f"“{value}” names more than one organisation; use its id.")
        instance.organisation = found[0]


class DescriptionField(Field):
    """Rich text: a changed cell is sanitised to the editor's allow-list; an unchanged one is
    left byte for byte (Wagtail's stored link format would not survive re-sanitising)."""

    def __init__(self):
        super().__init__(attribute="description", column_name="description")

    def save(self, instance, row, is_m2m=False, **kwargs):
        value = restore(row.get(self.column_name)) or ""
        if value != (instance.description or ""):
            instance.description = sanitise_html(str(value))


class ServiceResource(DirectoryResource):
    organisation = OrganisationField()
    description = DescriptionField()
    categories = FlatField("categories")
    schedules = FlatField("schedules")
    costs = FlatField("costs")
    locations = FlatField("locations")

    class Meta:
        model = Service
        fields = (
            "id",
            "local_authority",
            "la_reference",
            "name",
            "slug",
            "organisation",
            "summary",
            "description",
            "status",
            "website",
            "email",
            "phone",
            "categories",
            "minimum_age",
            "maximum_age",
            "eligibility_notes",
            "is_free",
            "costs",
            "cost_notes",
            "languages",
            "accessibility",
            "in_person",
            "online",
            "by_phone",
            "home_visit",
            "schedules",
            "schedule_notes",
            "locations",
            "send_local_offer",
            "send_details",
            "ofsted_urn",
            "childcare_registration",
            "ofsted_grade",
            "ofsted_inspection_date",
            "childcare_places",
            "ofsted_provision_type",
            "on_early_years_register",
            "on_compulsory_childcare_register",
            "on_voluntary_childcare_register",
            "ofsted_special_consideration",
            "childminder_consent",
            "funded_working_from_9_months",
            "funded_two_year_olds_disadvantaged",
            "funded_two_year_olds_working",
            "funded_universal_15_hours",
            "funded_30_hours",
            "tax_free_childcare",
            "opening_weeks",
            "self_referral",
            "professional_referral",
            "who_can_refer",
            "referral_criteria",
            "how_to_refer",
            "referral_form_url",
            "tier",
            "is_public",
            "last_reviewed",
            "review_due",
            "review_flag",
            "hide_from_public_after",
        )
        export_order = fields
        import_id_fields = ("id",)
        instance_loader_class = ScopedInstanceLoader
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def __init__(self, *args: Any, bulk: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._terms: flatten.TermIndex | None = None
        if bulk:
            self.writer = NewRecordWriter(Service, user=self.user, publish=self.publish)
            self.changes = ChangedRecordWriter(Service, user=self.user)

    @property
    def terms(self) -> flatten.TermIndex:
        if self._terms is None:
            self._terms = flatten.TermIndex()
        return self._terms

    def get_queryset(self):
        # Every child relation: a changed live record's revision reads them.
        return Service.objects.select_related("local_authority", "organisation").prefetch_related(
            "categories",
            "schedules",
            "cost_options",
            "service_locations__location",
            "contacts",
            "age_groups",
            "childcare_extras",
        )

    def format_categories(self, service: Service) -> str:
        return self.terms.format(service.categories.all())

    def apply_categories(self, service: Service, value) -> None:
        service.categories = self.terms.parse(value)

    def format_schedules(self, service: Service) -> str:
        return flatten.format_schedules(service.schedules.all())

    def apply_schedules(self, service: Service, value) -> None:
        service.schedules = [
            new_record(
                Schedule,
                weekday=item.weekday,
                opens_at=item.opens_at,
                closes_at=item.closes_at,
                notes=item.notes,
            )
            for item in flatten.parse_schedules(value)
        ]

    def format_costs(self, service: Service) -> str:
        return flatten.format_costs(service.cost_options.all())

    def apply_costs(self, service: Service, value) -> None:
        service.cost_options = [
            new_record(
                CostOption,
                option=item.option,
                amount=item.amount,
                amount_description=item.description,
            )
            for item in flatten.parse_costs(value)
        ]

    def format_locations(self, service: Service) -> str:
        return flatten.format_locations(service.service_locations.all())

    def apply_locations(self, service: Service, value) -> None:
        existing = {link.location_id: link for link in service.service_locations.all()}
        cache = self.lookups.setdefault("locations", {})
        key = str(value or "")
        if key not in cache:
            cache[key] = flatten.parse_locations(value, self.local_authority.pk)
        service.service_locations = [
            existing.get(location.pk) or new_record(ServiceAtLocation, location=location)
            for location in cache[key]
        ]

    def import_instance(self, instance, row, **kwargs):
        try:
            super().import_instance(instance, row, **kwargs)
        finally:
            if not instance.slug and instance.name:
                if self.writer is not None and instance.pk is None:
                    instance.slug = slug_base(instance.name)  # made unique at flush
                    instance._auto_slug = True
                else:
                    instance.slug = unique_slug(Service.objects, instance.name)


def loaded_links(instance: models.Model) -> list[str]:
    """The foreign keys of ``instance`` that hold a record read from the database."""
    found = []
    for field in instance._meta.concrete_fields:
        if field.many_to_one and field.is_cached(instance):
            related = field.get_cached_value(instance)
            if related is not None and not related._state.adding and related.pk is not None:
                found.append(field.name)
    return found


RESOURCES: dict[str, type[DirectoryResource]] = {
    "services": ServiceResource,
    "organisations": OrganisationResource,
    "locations": LocationResource,
}
