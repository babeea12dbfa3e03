"""Snippet bulk actions that only ever see the records the user may see.

Wagtail's bulk delete looks the ``?id=`` values up in the whole table and lists the ones the
user may not delete by title ("you don't have permission to delete these"). Ids are
sequential, so that would name any council's drafts and staff roles to any editor. Here the
lookup starts from the user's own records: anything else is treated as if it did not exist.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction

from .deletion import blocking_records, refusal_message
from .views import visible_instances


class ScopedDeleteBulkAction(DeleteBulkAction):
    def get_queryset(self, model, object_ids):  # an instance method here: it needs the user
        try:
            objects = list(visible_instances(self.request.user, model).filter(pk__in=object_ids))
        except (ValueError, TypeError, ValidationError, OverflowError) as exc:
            raise Http404 from exc
        if not objects:
            raise Http404
        return objects

    def get_all_objects_in_listing_query(self, parent_id):
        return visible_instances(self.request.user, self.model).values_list("pk", flat=True)

    def prepare_action(self, objects, objects_without_access):
        """Refuse the whole batch, saying why, if anything protects one of the records."""
        for obj in objects:
            if blockers := blocking_records([obj]):
                messages.error(self.request, refusal_message(str(obj), blockers))
                return redirect(self.next_url)
        return super().prepare_action(objects, objects_without_access)
