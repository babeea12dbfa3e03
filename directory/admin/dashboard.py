"""The admin dashboard's "Reviews" panel: records due for review and overdue, own LAs only."""

from __future__ import annotations

from wagtail.admin.ui.components import Component

from ..models import Service
from ..reviews import review_counts

LISTED = 10


class ReviewsPanel(Component):
    name = "directory_reviews"
    template_name = "directory/admin/reviews_panel.html"
    order = 150

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = parent_context["request"].user
        counts = review_counts(Service.objects.for_user(user))
        context.update(
            due=counts.due[:LISTED],
            overdue=counts.overdue[:LISTED],
            due_count=len(counts.due),
            overdue_count=len(counts.overdue),
        )
        return context
