"""Wagtail admin wiring for the directory: permission policies, the menu, the dashboard."""

from __future__ import annotations

from django.contrib import messages
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from .admin import childcare_list, ofsted_queue
from .admin import local_offer as local_offer_admin
from .admin import review_settings as review_settings_admin
from .admin.bulk_actions import ScopedDeleteBulkAction
from .admin.dashboard import ReviewsPanel
from .admin.permissions import (
    InvitationOnlyPermissionPolicy,
    NationalAdminPermissionPolicy,
    PublicSubmissionPermissionPolicy,
)
from .admin.viewsets import DirectoryViewSetGroup
from .local_offer_replies import send_reply_if_due
from .models import (
    LocalAuthority,
    LocalOfferFeedback,
    Location,
    Membership,
    Organisation,
    ProblemReport,
    ProviderAccess,
    ProviderInvitation,
    Service,
)
from .permissions import LocalAuthorityPermissionPolicy, can_manage_local_authority
from .providers import STILL_CORRECT_ACTION

# Policies first: they must be in place before any view asks the registry for one.
for _model in (Service, Organisation, Location, ProviderInvitation):
    register_permission_policy(_model, LocalAuthorityPermissionPolicy(_model), exact_class=True)
register_permission_policy(
    ProviderAccess, InvitationOnlyPermissionPolicy(ProviderAccess), exact_class=True
)
for _model in (ProblemReport, LocalOfferFeedback):
    register_permission_policy(_model, PublicSubmissionPermissionPolicy(_model), exact_class=True)
for _model in (LocalAuthority, Membership):
    register_permission_policy(_model, NationalAdminPermissionPolicy(_model), exact_class=True)

register_snippet(DirectoryViewSetGroup)

# Registered after Wagtail's own snippet delete action (a higher order), so it replaces it.
hooks.register("register_bulk_action", ScopedDeleteBulkAction, order=100)


@hooks.register("register_admin_urls")
def register_directory_admin_urls():
    patterns = [*local_offer_admin.urlpatterns, *review_settings_admin.urlpatterns]
    return [path("directory/", include((patterns, "directory_admin")))]


class CompletenessMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("directory.change_service")


class ReviewSettingsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("directory.publish_service")


@hooks.register("register_settings_menu_item")
def register_review_settings():
    return ReviewSettingsMenuItem(
        "Review settings",
        reverse("directory_admin:review_settings"),
        icon_name="date",
        order=650,
    )


@hooks.register("register_reports_menu_item")
def register_completeness_report():
    return CompletenessMenuItem(
        "Local Offer completeness",
        reverse("directory_admin:local_offer_completeness"),
        icon_name="tick-inverse",
        order=700,
    )


class OwnLocalAuthorityModerationPanel(WorkflowObjectsToModeratePanel):
    """ "Awaiting your review", without other local authorities' records in it."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = parent_context["request"].user
        context["states"] = [
            state
            for state in context["states"]
            if not hasattr(state["obj"], "local_authority_id")
            or can_manage_local_authority(user, state["obj"].local_authority_id)
        ]
        return context


@hooks.register("construct_homepage_panels")
def scope_moderation_panel(request, panels):
    for index, panel in enumerate(panels):
        if type(panel) is WorkflowObjectsToModeratePanel:
            panels[index] = OwnLocalAuthorityModerationPanel()


@hooks.register("construct_homepage_panels")
def add_reviews_panel(request, panels):
    if request.user.has_perm("directory.change_service"):
        panels.append(ReviewsPanel())


@hooks.register("register_log_actions")
def register_provider_log_actions(actions):
    actions.register_action(
        STILL_CORRECT_ACTION, "Confirmed still correct", "Confirmed still correct (reviewed)"
    )


class _EditorMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("directory.change_service")


@hooks.register("register_admin_urls")
def register_childcare_urls():
    return [
        path(
            "ofsted-changes/",
            include((ofsted_queue.urlpatterns, "directory_ofsted_changes")),
        ),
        path(
            "childcare-list/",
            include((childcare_list.urlpatterns, "directory_childcare_list")),
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_ofsted_changes_menu_item():
    return _EditorMenuItem(
        "Ofsted changes", reverse("directory_ofsted_changes:list"), icon_name="warning", order=210
    )


@hooks.register("register_admin_menu_item")
def register_childcare_list_menu_item():
    return _EditorMenuItem(
        "Childcare list (s12)",
        reverse("directory_childcare_list:report"),
        icon_name="table",
        order=220,
    )


@hooks.register("after_edit_snippet")
def reply_to_local_offer_comment(request, instance):
    if isinstance(instance, LocalOfferFeedback) and send_reply_if_due(instance):
        messages.success(request, f"Your reply was emailed to {instance.email}.")
