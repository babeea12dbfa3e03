"""Admin screens for provider accounts: invite a person to an organisation, see and remove
access. Scoped to the user's local authorities like every other directory record."""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.urls import reverse
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from .. import emails
from ..invitations import account_for, invitation_token
from ..models import Organisation, ProviderAccess, ProviderInvitation
from ..providers import is_staff_account
from .views import LocalAuthorityScopedViewSetMixin


class InvitationForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None and "organisation" in self.fields:
            self.fields["organisation"].queryset = Organisation.objects.for_user(self.for_user)
        if "email" in self.fields:
            self.fields[
                "email"
            ].help_text = (
                "We email this person a link to set a password. It works once, for 7 days."
            )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        self.instance.email = email
        user = account_for(email)
        if user is not None and is_staff_account(user):
            raise forms.ValidationError(
                "This is a council staff login. Invite the provider's own email address."
            )
        return email

    def clean(self):
        data = super().clean()
        organisation, email = data.get("organisation"), data.get("email")
        if organisation and email:
            waiting = [
                i
                for i in ProviderInvitation.objects.filter(organisation=organisation, email=email)
                if i.is_usable()
            ]
            if waiting:
                self.add_error("email", "This person already has an invitation waiting.")
            if ProviderAccess.objects.filter(
                organisation=organisation, user__username__iexact=email
            ).exists():
                self.add_error("email", "This person can already update this organisation.")
        return data


class InvitationCreateView(snippet_views.CreateView):
    def save_instance(self):
        invitation = self.form.instance
        invitation.local_authority_id = invitation.organisation.local_authority_id
        invitation.invited_by = self.request.user
        instance = super().save_instance()
        transaction.on_commit(lambda: send_invitation(instance))
        return instance

    def get_success_url(self):
        return reverse(self.index_url_name)

    def get_success_message(self, instance):
        return f"Invitation sent to {instance.email}."


def send_invitation(invitation: ProviderInvitation) -> None:
    emails.send(
        "provider_invitation",
        {
            "organisation": invitation.organisation,
            "local_authority": invitation.local_authority,
            "expires_at": invitation.expires_at,
            "accept_path": reverse("provider:accept", args=[invitation_token(invitation)]),
        },
        [invitation.email],
    )


class ProviderInvitationViewSet(LocalAuthorityScopedViewSetMixin, SnippetViewSet):
    model = ProviderInvitation
    icon = "mail"
    menu_label = "Provider invitations"
    add_to_admin_menu = False
    list_display = ["email", "organisation", Column("status", label="Status"), "created_at"]
    search_fields = ["email", "organisation__name"]
    search_backend_name = None
    copy_view_enabled = False
    add_view_class = InvitationCreateView
    edit_handler = ObjectList(
        [FieldPanel("organisation", widget=forms.Select), FieldPanel("email")],
        base_form_class=InvitationForm,
    )


class ProviderAccessViewSet(LocalAuthorityScopedViewSetMixin, SnippetViewSet):
    """Who can update which organisation's records; delete a row to take access away."""

    model = ProviderAccess
    icon = "user"
    menu_label = "Provider accounts"
    list_display = ["user", "organisation", "created_at"]
    search_fields = ["user__email", "organisation__name"]
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = True
    edit_handler = ObjectList(
        [FieldPanel("user", read_only=True), FieldPanel("organisation", read_only=True)]
    )
