"""Wagtail's moderation emails, kept within the owning local authority and away from providers.

Wagtail emails every member of the moderators' group when something is submitted, whatever
council it belongs to, and emails the submitter when it is approved or rejected (with the
moderator's name, comment and an admin link). Here a submission reaches only the moderators
(and national administrators) who manage the record's LA, and provider accounts get no
moderation email: they follow their changes in the provider area, which names no one.

The notifiers take Wagtail's own ``dispatch_uid``s; connected in ``DirectoryConfig.ready``,
before ``wagtail.admin`` (later in INSTALLED_APPS) tries to connect its defaults, which Django
then ignores as duplicates.
"""

from __future__ import annotations

from wagtail.admin.mail import (
    GroupApprovalTaskStateSubmissionEmailNotifier,
    WorkflowStateApprovalEmailNotifier,
    WorkflowStateRejectionEmailNotifier,
)
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected

from .permissions import can_manage_local_authority


def _not_providers(users) -> set:
    return {user for user in users if user and not user.provider_access.exists()}


class OwnCouncilSubmissionNotifier(GroupApprovalTaskStateSubmissionEmailNotifier):
    def get_recipient_users(self, task_state: TaskState, **kwargs):
        recipients = super().get_recipient_users(task_state, **kwargs)
        la_id = getattr(task_state.workflow_state.content_object, "local_authority_id", None)
        if la_id is None:
            return recipients
        return {user for user in recipients if can_manage_local_authority(user, la_id)}


class StaffApprovalNotifier(WorkflowStateApprovalEmailNotifier):
    def get_recipient_users(self, workflow_state: WorkflowState, **kwargs):
        return _not_providers(super().get_recipient_users(workflow_state, **kwargs))


class StaffRejectionNotifier(WorkflowStateRejectionEmailNotifier):
    def get_recipient_users(self, workflow_state: WorkflowState, **kwargs):
        return _not_providers(super().get_recipient_users(workflow_state, **kwargs))


NOTIFIERS = [
    (
        task_submitted,
        TaskState,
        OwnCouncilSubmissionNotifier(),
        "group_approval_task_submitted_email_notification",
    ),
    (
        workflow_approved,
        WorkflowState,
        StaffApprovalNotifier(),
        "workflow_state_approved_email_notification",
    ),
    (
        workflow_rejected,
        WorkflowState,
        StaffRejectionNotifier(),
        "workflow_state_rejected_email_notification",
    ),
]


def install() -> None:
    for signal, sender, notifier, uid in NOTIFIERS:
        signal.disconnect(sender=sender, dispatch_uid=uid)
        signal.connect(notifier, sender=sender, dispatch_uid=uid)
