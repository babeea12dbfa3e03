"""Snippet views whose object lookup is narrowed to the user's own local authorities.

Wagtail's snippet views check model-level permissions in ``dispatch``, but most of them
(edit, delete, history, usage, revisions, compare, unpublish, lock, workflow) fetch the
object by primary key from the whole table (``get_object``) and never ask the permission
policy about the instance. Every view here first looks the primary key up in the user's
scoped queryset, so another LA's record is a 404 whichever URL is typed; listings and
choosers start from the scoped queryset.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import redirect
from wagtail.permissions import policy_registry
from wagtail.snippets.views import chooser
from wagtail.snippets.views import snippets as snippet_views

from .deletion import blocking_records, refusal_message

ADMIN_ACTIONS = ("add", "change", "delete", "view", "publish")


def visible_instances(user, model) -> QuerySet:
    """The records of ``model`` that ``user`` may see on any admin screen (listing, chooser,
    bulk action): their own LAs' records, or, for national-only models such as staff roles,
    everything for a national administrator and nothing for anyone else."""
    manager = model._default_manager
    if hasattr(manager, "for_user"):
        return manager.for_user(user)
    return policy_registry.get_by_type(model).instances_user_has_any_permission_for(
        user, ADMIN_ACTIONS
    )


class LocalAuthorityScopedObjectMixin:
    """Refuse (404) any record outside the requesting user's local authorities.

    The check runs in ``setup``, before Wagtail's own lookups, permission checks or
    workflow logic, so every view answers another LA's record the same way.
    """

    def setup(self, request, *args, **kwargs):
        if "pk" in kwargs and not self.user_may_reach(request.user, kwargs["pk"]):
            raise Http404
        super().setup(request, *args, **kwargs)

    def user_may_reach(self, user, quoted_pk) -> bool:
        try:
            return (
                self.model._default_manager.for_user(user)
                .filter(pk=unquote(str(quoted_pk)))
                .exists()
            )
        except (ValueError, ValidationError):
            return False


class EditView(LocalAuthorityScopedObjectMixin, snippet_views.EditView):
    def get_available_actions(self):
        """Wagtail asks about publishing for the model; whether *this* record's council lets
        its editors publish is a question about the instance."""
        actions = super().get_available_actions()
        if "publish" in actions and not self.permission_policy.user_has_permission_for_instance(
            self.request.user, "publish", self.object
        ):
            actions.remove("publish")
        return actions


class CopyView(LocalAuthorityScopedObjectMixin, snippet_views.CopyView):
    pass


class DeleteView(LocalAuthorityScopedObjectMixin, snippet_views.DeleteView):
    """Says what refers to the record (mapping returns, services, ...) and refuses cleanly."""

    def blockers(self) -> list:
        if not hasattr(self, "_blockers"):
            self._blockers = blocking_records([self.object])
        return self._blockers

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.blockers():
            context["is_protected"] = True
            messages.warning(self.request, refusal_message(str(self.object), self.blockers()))
        return context

    def form_valid(self, form):
        if self.blockers():
            messages.error(self.request, refusal_message(str(self.object), self.blockers()))
            return redirect(self.request.get_full_path())
        return super().form_valid(form)


class UsageView(LocalAuthorityScopedObjectMixin, snippet_views.UsageView):
    pass


class HistoryView(LocalAuthorityScopedObjectMixin, snippet_views.HistoryView):
    pass


class InspectView(LocalAuthorityScopedObjectMixin, snippet_views.InspectView):
    pass


class PreviewOnEditView(LocalAuthorityScopedObjectMixin, snippet_views.PreviewOnEditView):
    pass


class PreviewRevisionView(LocalAuthorityScopedObjectMixin, snippet_views.PreviewRevisionView):
    pass


class RevisionsCompareView(LocalAuthorityScopedObjectMixin, snippet_views.RevisionsCompareView):
    pass


class RevisionsUnscheduleView(
    LocalAuthorityScopedObjectMixin, snippet_views.RevisionsUnscheduleView
):
    pass


class UnpublishView(LocalAuthorityScopedObjectMixin, snippet_views.UnpublishView):
    pass


class LockView(LocalAuthorityScopedObjectMixin, snippet_views.LockView):
    pass


class UnlockView(LocalAuthorityScopedObjectMixin, snippet_views.UnlockView):
    pass


class WorkflowActionView(LocalAuthorityScopedObjectMixin, snippet_views.WorkflowActionView):
    pass


class CollectWorkflowActionDataView(
    LocalAuthorityScopedObjectMixin, snippet_views.CollectWorkflowActionDataView
):
    pass


class ConfirmWorkflowCancellationView(
    LocalAuthorityScopedObjectMixin, snippet_views.ConfirmWorkflowCancellationView
):
    pass


class WorkflowPreviewView(LocalAuthorityScopedObjectMixin, snippet_views.WorkflowPreviewView):
    pass


class WorkflowHistoryView(LocalAuthorityScopedObjectMixin, snippet_views.WorkflowHistoryView):
    pass


class WorkflowHistoryDetailView(
    LocalAuthorityScopedObjectMixin, snippet_views.WorkflowHistoryDetailView
):
    pass


# Choosers (the Location picker on a service, the organisation picker) offer own-LA items only;
# the staff-role and local-authority choosers offer nothing to anyone but national admins.


class _ScopedChooserMixin:
    def scoped(self):
        return visible_instances(self.request.user, self.model_class)


class ChooseView(_ScopedChooserMixin, chooser.ChooseView):
    def get_object_list(self):
        return self.scoped()


class ChooseResultsView(_ScopedChooserMixin, chooser.ChooseResultsView):
    def get_object_list(self):
        return self.scoped()


class ChosenView(_ScopedChooserMixin, chooser.SnippetChosenView):
    def get_object(self, pk):
        try:
            return self.scoped().get(pk=pk)
        except (ObjectDoesNotExist, ValueError) as exc:
            raise Http404 from exc


class ChosenMultipleView(_ScopedChooserMixin, chooser.SnippetChosenMultipleView):
    def get_objects(self, pks):
        return self.scoped().filter(pk__in=[pk for pk in pks if str(pk).isdigit()])


class CreateView(chooser.SnippetCreateView):
    """These choosers offer no "create" tab; a post to its URL is a 404, not a server error."""

    def post(self, request):
        if self.get_creation_form() is None:
            raise Http404
        return super().post(request)


class ScopedChooserViewSet(chooser.SnippetChooserViewSet):
    create_view_class = CreateView
    choose_view_class = ChooseView
    choose_results_view_class = ChooseResultsView
    chosen_view_class = ChosenView
    chosen_multiple_view_class = ChosenMultipleView


class LocalAuthorityScopedViewSetMixin:
    """Plug the scoped views into a ``SnippetViewSet`` and scope its listing."""

    edit_view_class = EditView
    copy_view_class = CopyView
    delete_view_class = DeleteView
    usage_view_class = UsageView
    history_view_class = HistoryView
    inspect_view_class = InspectView
    preview_on_edit_view_class = PreviewOnEditView
    revisions_view_class = PreviewRevisionView
    revisions_compare_view_class = RevisionsCompareView
    revisions_unschedule_view_class = RevisionsUnscheduleView
    unpublish_view_class = UnpublishView
    lock_view_class = LockView
    unlock_view_class = UnlockView
    workflow_action_view_class = WorkflowActionView
    collect_workflow_action_data_view_class = CollectWorkflowActionDataView
    confirm_workflow_cancellation_view_class = ConfirmWorkflowCancellationView
    workflow_preview_view_class = WorkflowPreviewView
    workflow_history_view_class = WorkflowHistoryView
    workflow_history_detail_view_class = WorkflowHistoryDetailView
    chooser_viewset_class = ScopedChooserViewSet

    def get_queryset(self, request):
        return self.model._default_manager.for_user(request.user)
