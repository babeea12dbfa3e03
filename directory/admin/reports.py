"""Wagtail's site-wide reports, without other local authorities' records in them.

Wagtail shows the site history and workflow reports to anyone holding a permission on
the content type, whatever the instance. These subclasses drop entries about another
LA's services, organisations, locations and problem reports. ``urlpatterns`` is mounted
in ``portal/urls.py`` ahead of Wagtail's own admin URLs, at the same paths.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.urls import path
from django.utils.functional import cached_property
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.admin.views.reports.workflows import WorkflowTasksView, WorkflowView

from ..models import Location, Organisation, ProblemReport, Service
from ..permissions import local_authority_ids_for

SCOPED_MODELS = (Service, Organisation, Location, ProblemReport)


def exclude_other_local_authorities(queryset, user, prefix: str = ""):
    """Drop rows (log entries, workflow states) that point at another LA's record.

    ``prefix`` leads from the row to the fields ``content_type`` and ``object_id``
    (for a task state, ``workflow_state__``).
    """
    if local_authority_ids_for(user) is None:
        return queryset
    for model in SCOPED_MODELS:
        own_ids = (
            model._default_manager.for_user(user)
            .annotate(pk_text=Cast("pk", CharField()))
            .values("pk_text")
        )
        content_type = ContentType.objects.get_for_model(model)
        queryset = queryset.exclude(
            Q(**{f"{prefix}content_type": content_type}) & ~Q(**{f"{prefix}object_id__in": own_ids})
        )
    return queryset


class ScopedLogEntriesView(LogEntriesView):
    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if "object_id" in {f.name for f in queryset.model._meta.get_fields()}:
            queryset = exclude_other_local_authorities(queryset, self.request.user)
        return queryset


class PagesOrDirectoryPolicy:
    """Wagtail lets only page editors see the workflow reports; directory moderation runs
    workflows too, so whoever may change or publish directory records may see them (rows
    still scoped to their own LAs below)."""

    DIRECTORY_PERMISSIONS = (
        "directory.change_service",
        "directory.publish_service",
        "directory.change_organisation",
        "directory.publish_organisation",
    )

    def __init__(self, page_policy):
        self.page_policy = page_policy

    def user_has_any_permission(self, user, actions) -> bool:
        return self.page_policy.user_has_any_permission(user, actions) or any(
            user.has_perm(permission) for permission in self.DIRECTORY_PERMISSIONS
        )

    def __getattr__(self, name):
        return getattr(self.page_policy, name)


class DirectoryWorkflowsMixin:
    @cached_property
    def permission_policy(self):
        return PagesOrDirectoryPolicy(super().permission_policy)


class ScopedWorkflowView(DirectoryWorkflowsMixin, WorkflowView):
    def get_queryset(self):
        return exclude_other_local_authorities(super().get_queryset(), self.request.user)


class ScopedWorkflowTasksView(DirectoryWorkflowsMixin, WorkflowTasksView):
    def get_queryset(self):
        return exclude_other_local_authorities(
            super().get_queryset(), self.request.user, prefix="workflow_state__"
        )


def _admin(view):
    return never_cache(require_admin_access(view))


urlpatterns = [
    path("admin/reports/workflow/", _admin(ScopedWorkflowView.as_view())),
    path(
        "admin/reports/workflow/results/",
        _admin(ScopedWorkflowView.as_view(results_only=True)),
    ),
    path("admin/reports/workflow_tasks/", _admin(ScopedWorkflowTasksView.as_view())),
    path(
        "admin/reports/workflow_tasks/results/",
        _admin(ScopedWorkflowTasksView.as_view(results_only=True)),
    ),
    path("admin/reports/site-history/", _admin(ScopedLogEntriesView.as_view())),
    path(
        "admin/reports/site-history/results/",
        _admin(ScopedLogEntriesView.as_view(results_only=True)),
    ),
]
