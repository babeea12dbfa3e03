"""The mapping lead's team pages, registration, national approval, and invitation links."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from directory.invitation_view import AcceptInvitationView
from directory.models import Membership

from ..forms import NewPasswordForm
from ..models import Registration, TeamInvitation
from ..permissions import DELEGATE, LEAD, VIEWER, require_mapping_role, require_national_admin
from ..services import MappingError
from ..services import team as service
from ..team_forms import DecisionForm, InviteForm, PartnerLinkForm, RegistrationForm
from .helpers import la_and_cycle


def _team_url(la, cycle) -> str:
    return reverse("mapping:team", kwargs={"la_slug": la.slug, "cycle_id": cycle.pk})


def _member(la, membership_id: int) -> Membership:
    """A delegate or viewer of this LA; anyone else's membership is a 404."""
    return get_object_or_404(
        Membership.objects.select_related("user", "local_authority"),
        pk=membership_id,
        local_authority=la,
        role__in=[DELEGATE, VIEWER],
    )


@require_mapping_role(LEAD)
def register(request, la_slug: str, cycle_id: int):
    """October: the lead registers the LA for the cycle; a national administrator approves."""
    la, cycle = la_and_cycle(request.user, la_slug, cycle_id, [LEAD])
    registration = service.registration_for(la, cycle)
    may_register = service.registration_is_open(cycle) and (
        registration is None or registration.status == Registration.Status.REFUSED
    )
    form = RegistrationForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                service.register(cycle, la, request.user, **form.cleaned_data)
            except MappingError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    f"{la} is registered for {cycle}. The national mapping team will approve "
                    "the registration; you will get an email.",
                )
                return redirect("mapping:register", la_slug=la.slug, cycle_id=cycle.pk)
        status = 400
    first, last = service.registration_window(cycle)
    return render(
        request,
        "mapping/register.html",
        {
            "local_authority": la,
            "cycle": cycle,
            "registration": registration,
            "form": form,
            "may_register": may_register,
            "window": (first, last),
        },
        status=status,
    )


@require_mapping_role(LEAD)
def team(request, la_slug: str, cycle_id: int):
    """The LA's delegates and read-only viewers, waiting invitations, and the invite form."""
    la, cycle = la_and_cycle(request.user, la_slug, cycle_id, [LEAD])
    form = InviteForm(request.POST if request.method == "POST" else None, local_authority=la)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                invitation = service.invite(cycle, la, request.user, **form.cleaned_data)
            except MappingError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    f"Invitation sent to {invitation.email}. The link works once, for "
                    f"{(invitation.expires_at - invitation.created_at).days} days.",
                )
                return redirect(_team_url(la, cycle))
        status = 400
    registration = service.registration_for(la, cycle)
    members = list(service.team_members(la))
    invitations = TeamInvitation.objects.filter(
        local_authority=la, accepted_at__isnull=True, withdrawn_at__isnull=True
    ).select_related("partner_organisation")
    return render(
        request,
        "mapping/team.html",
        {
            "local_authority": la,
            "cycle": cycle,
            "registration": registration,
            "form": form,
            "members": [
                (m, PartnerLinkForm(local_authority=la, prefix=f"m{m.pk}", initial=_partner(m)))
                for m in members
            ],
            "invitations": invitations,
            "now": timezone.now(),
        },
        status=status,
    )


def _partner(membership: Membership) -> dict:
    member = getattr(membership, "mapping_member", None)
    return {"partner_organisation": member.partner_organisation_id if member else None}


@require_mapping_role(LEAD)
def member_partner(request, la_slug: str, cycle_id: int, membership_id: int):
    la, cycle = la_and_cycle(request.user, la_slug, cycle_id, [LEAD])
    membership = _member(la, membership_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = PartnerLinkForm(request.POST, local_authority=la, prefix=f"m{membership.pk}")
    if form.is_valid():
        partner = form.cleaned_data["partner_organisation"]
        service.link_partner(membership, partner)
        messages.success(
            request,
            f"{membership.user.get_full_name() or membership.user} now works for {partner}."
            if partner
            else "Partner organisation cleared.",
        )
    else:
        messages.error(request, "Choose one of your partnership's organisations.")
    return redirect(_team_url(la, cycle))


@require_mapping_role(LEAD)
def member_remove(request, la_slug: str, cycle_id: int, membership_id: int):
    la, cycle = la_and_cycle(request.user, la_slug, cycle_id, [LEAD])
    membership = _member(la, membership_id)
    name = membership.user.get_full_name() or membership.user.get_username()
    if request.method == "POST":
        unassigned = service.remove_member(membership, request.user)
        extra = f" {unassigned} section(s) they had are unassigned." if unassigned else ""
        messages.success(request, f"{name} is no longer on the team.{extra}")
        return redirect(_team_url(la, cycle))
    return render(
        request,
        "mapping/confirm.html",
        {
            "title": f"Remove {name} from the team?",
            "body": f"{name} will lose their {membership.get_role_display().lower()} access to "
            f"{la} at once. Sections assigned to them that are not approved go back to you.",
            "button": "Remove from the team",
        },
    )


@require_mapping_role(LEAD)
def invitation_withdraw(request, la_slug: str, cycle_id: int, invitation_id: int):
    la, cycle = la_and_cycle(request.user, la_slug, cycle_id, [LEAD])
    invitation = get_object_or_404(TeamInvitation, pk=invitation_id, local_authority=la)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        service.withdraw_invitation(invitation)
    except MappingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"The invitation to {invitation.email} is withdrawn.")
    return redirect(_team_url(la, cycle))


@require_national_admin
def registrations(request):
    """Every registration, waiting ones first, with approve / refuse."""
    rows = Registration.objects.select_related("local_authority", "cycle", "lead").order_by(
        "status", "-registered_at"
    )
    waiting = [r for r in rows if r.status == Registration.Status.PENDING]
    decided = [r for r in rows if r.status != Registration.Status.PENDING][:200]
    return render(
        request,
        "mapping/registrations.html",
        {"waiting": [(r, DecisionForm(prefix=f"r{r.pk}")) for r in waiting], "decided": decided},
    )


@require_national_admin
def registration_decide(request, pk: int):
    registration = get_object_or_404(Registration, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = DecisionForm(request.POST, prefix=f"r{registration.pk}")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"{registration.local_authority}: {error}")
        return redirect("mapping:registrations")
    approve = form.cleaned_data["decision"] == "approve"
    try:
        service.decide_registration(registration, request.user, approve, form.cleaned_data["note"])
    except MappingError as error:
        messages.error(request, str(error))
    else:
        word = "approved" if approve else "refused"
        messages.success(request, f"{registration.local_authority}'s registration {word}.")
    return redirect("mapping:registrations")


class AcceptInvitation(AcceptInvitationView):
    """An invitation link. Anyone may open it (the invitee has no account yet); it shows only
    the LA and role, works once, and refuses a signed-in account it was not sent to. An
    address that already has a login accepts signed in with it."""

    template_name = "mapping/accept_invitation.html"
    refused_template_name = "mapping/invitation_refused.html"
    password_form_class = NewPasswordForm

    def get_queryset(self):
        return TeamInvitation.objects.select_related(
            "local_authority", "partner_organisation", "cycle"
        )

    def accepting_account(self):
        return self.request.user if self.request.user.is_authenticated else None

    def refusal(self):
        user = self.accepting_account()
        if user is not None and user != self.account:
            return self.refused(
                f"This invitation was sent to {self.invitation.email}. "
                "Sign out, then open the link again.",
                403,
            )
        if self.account is not None and user is None:
            query = urlencode({"next": self.request.path})
            return self.page(None, sign_in=f"{reverse('wagtailadmin_login')}?{query}")
        return None

    def accepted(self, user, new_account: bool):
        role = self.invitation.get_role_display().split(" (")[0].lower()
        messages.success(
            self.request, f"You are now a {role} for {self.invitation.local_authority}."
        )
        return redirect("mapping:dashboard")


accept_invitation = AcceptInvitation.as_view()
