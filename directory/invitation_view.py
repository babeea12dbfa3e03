"""The page an invitation link opens, shared by every kind of invitation.

The link is checked (refused with 404 when it never was an invitation, 410 when it was and is
no longer usable); the kind decides who may accept (``refusal``) and which existing account
accepts without choosing a password (``accepting_account``); anyone else chooses a password
of 12 characters or more and gets a new account, signed in. What the page says and where it
goes afterwards (``accepted``) belong to the kind.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import login
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from .invitations import InvitationRefused, accept_invitation, account_for, invitation_from_token
from .models.invitation import SignedInvitation


@method_decorator(never_cache, name="dispatch")
class AcceptInvitationView(View):
    template_name: str
    refused_template_name: str
    #: A form with ``password1`` and ``password2`` taking ``user=None`` (the site's rules).
    password_form_class: type[forms.Form]
    #: The status of the page shown again with the password form's errors.
    invalid_form_status = 400

    invitation: SignedInvitation
    account = None  # the login already using the invitation's address, if any

    def get_queryset(self) -> QuerySet:
        raise NotImplementedError

    def refusal(self) -> HttpResponse | None:
        """A page instead of the form when this visitor may not accept; ``None`` to go on."""
        return None

    def accepting_account(self):
        """The existing account that accepts without a password; ``None``: a new account."""
        return None

    def accepted(self, user, new_account: bool) -> HttpResponse:
        raise NotImplementedError

    def dispatch(self, request: HttpRequest, *args, token: str, **kwargs) -> HttpResponse:
        try:
            self.invitation = invitation_from_token(self.get_queryset(), token)
        except InvitationRefused as refused:
            return self.refused(refused, 410 if refused.gone else 404)
        self.account = account_for(self.invitation.email)
        return self.refusal() or super().dispatch(request, *args, token=token, **kwargs)

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return self.page(self.password_form(None))

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        form = self.password_form(request.POST)
        if form is not None and not form.is_valid():
            return self.page(form, status=self.invalid_form_status)
        try:
            user = accept_invitation(
                self.invitation,
                self.accepting_account(),
                form.cleaned_data["password1"] if form is not None else None,
            )
        except InvitationRefused as refused:
            return self.refused(refused, 410)
        if form is not None:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return self.accepted(user, new_account=form is not None)

    def password_form(self, data) -> forms.Form | None:
        if self.accepting_account() is not None:
            return None
        return self.password_form_class(data, user=None)

    def page(self, form: forms.Form | None, status: int = 200, **context) -> HttpResponse:
        context = {
            "invitation": self.invitation,
            "form": form,
            "has_account": self.account is not None,
            **context,
        }
        return render(self.request, self.template_name, context, status=status)

    def refused(self, reason, status: int) -> HttpResponse:
        return render(
            self.request, self.refused_template_name, {"reason": str(reason)}, status=status
        )
