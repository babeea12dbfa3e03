"""Admin screens for the SEND Local Offer: families' comments and the completeness check."""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.urls import path
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import SnippetViewSet

from ..local_offer import ITEMS, local_offer_gaps, local_offer_services
from ..models import LocalOfferFeedback, Service
from .filters import _own_local_authorities
from .views import LocalAuthorityScopedViewSetMixin


class LocalOfferFeedbackFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label="Status",
        method="filter_status",
        choices=[("new", "New"), ("answered", "Answered"), ("published", "Published")],
    )
    about = django_filters.ChoiceFilter(
        label="What it is about", choices=LocalOfferFeedback.About.choices
    )
    tag = django_filters.CharFilter(label="Tag", field_name="tags__name", lookup_expr="iexact")
    local_authority = django_filters.ModelChoiceFilter(
        label="Local authority", queryset=_own_local_authorities
    )

    class Meta:
        model = LocalOfferFeedback
        fields = ["status", "about", "tag", "local_authority"]

    def filter_status(self, queryset, name, value):
        if value == "new":
            return queryset.filter(we_did="")
        if value == "answered":
            return queryset.exclude(we_did="").filter(publish=False)
        if value == "published":
            return queryset.filter(publish=True)
        return queryset


local_offer_feedback_edit_handler = ObjectList(
    [
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("created_at", read_only=True),
                        FieldPanel("about", read_only=True),
                        FieldPanel("sender", read_only=True),
                    ]
                ),
                FieldPanel("comment", read_only=True),
            ],
            heading="What they told us",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("name", read_only=True),
                        FieldPanel("email", read_only=True),
                        FieldPanel("phone", read_only=True),
                    ]
                ),
                FieldPanel("contact_removed_at", read_only=True),
            ],
            heading="Contact details (only if they chose to leave them; removed after the "
            "retention period)",
        ),
        FieldPanel("tags"),
        MultiFieldPanel(
            [FieldPanel("reply"), FieldPanel("replied_at", read_only=True)],
            heading="Reply to the sender",
        ),
        MultiFieldPanel(
            [FieldPanel("you_said"), FieldPanel("we_did"), FieldPanel("publish")],
            heading="Answer and \u201cYou said, we did\u201d",
        ),
    ]
)


class LocalOfferFeedbackViewSet(LocalAuthorityScopedViewSetMixin, SnippetViewSet):
    """Comments from the public form: staff read, tag and answer them, and pick what to publish."""

    model = LocalOfferFeedback
    icon = "comment"
    menu_label = "Local Offer comments"
    list_display = [
        "__str__",
        "local_authority",
        Column("status", label="Status"),
        "created_at",
    ]
    filterset_class = LocalOfferFeedbackFilterSet
    search_fields = ["comment", "you_said", "we_did"]
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = True
    edit_handler = local_offer_feedback_edit_handler
    list_export = ["created_at", "local_authority", "about", "sender", "comment", "we_did"]
    export_filename = "local-offer-comments"


def completeness(request):
    """SEND Local Offer services of the user's LAs, with the information items each lacks."""
    user = request.user
    if not user.has_perm("directory.change_service"):
        raise PermissionDenied
    services = local_offer_services(Service.objects.for_user(user))
    show = request.GET.get("show", "incomplete")
    rows = [(service, local_offer_gaps(service)) for service in services]
    total, complete = len(rows), sum(1 for _, gaps in rows if not gaps)
    if show != "all":
        rows = [(service, gaps) for service, gaps in rows if gaps]
    missing_counts = {item.key: sum(1 for _, gaps in rows if item in gaps) for item in ITEMS}
    page = Paginator(rows, 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "directory/admin/local_offer_completeness.html",
        {
            "page_obj": page,
            "items": [(item, missing_counts[item.key]) for item in ITEMS],
            "total": total,
            "complete": complete,
            "show": show,
        },
    )


urlpatterns = [
    path("local-offer/completeness/", completeness, name="local_offer_completeness"),
]
