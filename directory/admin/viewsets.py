"""The "Directory" admin menu: one snippet viewset per record type."""

from __future__ import annotations

from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, TitleColumn, UpdatedAtColumn
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from ..models import LocalAuthority, Location, Membership, Organisation, ProblemReport, Service
from .filters import (
    LocationFilterSet,
    OrganisationFilterSet,
    ProblemReportFilterSet,
    ServiceFilterSet,
)
from .local_offer import LocalOfferFeedbackViewSet
from .panels import (
    location_edit_handler,
    organisation_edit_handler,
    problem_report_edit_handler,
    service_edit_handler,
)
from .providers import ProviderAccessViewSet, ProviderInvitationViewSet
from .views import LocalAuthorityScopedViewSetMixin, ScopedChooserViewSet


class ServiceViewSet(LocalAuthorityScopedViewSetMixin, SnippetViewSet):
    model = Service
    icon = "list-ul"
    menu_label = "Services"
    list_display = ["name", "local_authority", "status", "review_due", UpdatedAtColumn()]
    list_per_page = 50
    filterset_class = ServiceFilterSet
    search_fields = ["name", "summary", "la_reference"]
    search_backend_name = None
    ordering = ["name"]
    edit_handler = service_edit_handler
    list_export = [
        "uuid",
        "name",
        "local_authority",
        "organisation",
        "status",
        "live",
        "is_public",
        "tier",
        "minimum_age",
        "maximum_age",
        "is_free",
        "website",
        "email",
        "phone",
        "la_reference",
        "last_reviewed",
        "review_due",
    ]
    export_filename = "services"


class OrganisationViewSet(LocalAuthorityScopedViewSetMixin, SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = "Organisations"
    list_display = ["name", "local_authority", UpdatedAtColumn()]
    filterset_class = OrganisationFilterSet
    search_fields = ["name", "charity_number", "companies_house_number"]
    search_backend_name = None
    edit_handler = organisation_edit_handler
    list_export = [
        "uuid",
        "name",
        "local_authority",
        "live",
        "website",
        "email",
        "phone",
        "charity_number",
        "companies_house_number",
    ]
    export_filename = "organisations"


class LocationViewSet(LocalAuthorityScopedViewSetMixin, SnippetViewSet):
    model = Location
    icon = "site"
    menu_label = "Locations"
    list_display = ["name", "postcode", "local_authority", UpdatedAtColumn()]
    filterset_class = LocationFilterSet
    search_fields = ["name", "postcode", "address_1", "city"]
    search_backend_name = None
    edit_handler = location_edit_handler
    list_export = [
        "uuid",
        "name",
        "local_authority",
        "address_1",
        "address_2",
        "city",
        "postcode",
        "latitude",
        "longitude",
    ]
    export_filename = "locations"


class ProblemReportViewSet(LocalAuthorityScopedViewSetMixin, SnippetViewSet):
    """Reports from the public about service pages, for the owning LA to check and resolve."""

    model = ProblemReport
    icon = "warning"
    menu_label = "Problem reports"
    list_display = [
        "__str__",
        TitleColumn(
            "service",
            label="Service",
            url_name="wagtailsnippets_directory_service:edit",
            id_accessor="service_id",
        ),
        "local_authority",
        "created_at",
        BooleanColumn("resolved"),
    ]
    filterset_class = ProblemReportFilterSet
    search_fields = ["details", "service__name"]
    search_backend_name = None
    inspect_view_enabled = True
    copy_view_enabled = False
    edit_handler = problem_report_edit_handler
    list_export = ["created_at", "service", "local_authority", "kind", "details", "resolved"]
    export_filename = "problem-reports"


class LocalAuthorityViewSet(SnippetViewSet):
    model = LocalAuthority
    icon = "globe"
    menu_label = "Local authorities"
    list_display = ["name", "code", "region"]
    search_fields = ["name", "code"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("code"),
            FieldPanel("slug"),
            FieldPanel("region"),
            FieldPanel("review_period_months"),
            FieldPanel("review_reminder_days"),
            FieldPanel("editors_can_publish"),
        ]
    )
    list_export = ["code", "name", "region", "review_period_months"]
    chooser_viewset_class = ScopedChooserViewSet


class MembershipViewSet(SnippetViewSet):
    model = Membership
    icon = "user"
    menu_label = "Staff roles"
    list_display = ["user", "local_authority", "role"]
    list_filter = ["local_authority", "role"]
    search_fields = ["user__username", "user__email", "local_authority__name"]
    search_backend_name = None
    edit_handler = ObjectList(
        [FieldPanel("user"), FieldPanel("local_authority"), FieldPanel("role")]
    )
    list_export = ["user", "local_authority", "role"]
    chooser_viewset_class = ScopedChooserViewSet


class DirectoryViewSetGroup(SnippetViewSetGroup):
    menu_label = "Directory"
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (
        ServiceViewSet,
        OrganisationViewSet,
        LocationViewSet,
        ProblemReportViewSet,
        LocalOfferFeedbackViewSet,
        ProviderInvitationViewSet,
        ProviderAccessViewSet,
        LocalAuthorityViewSet,
        MembershipViewSet,
    )
