"""Provider area views. Every record view starts from ``provider_services(user)``, so another
organisation's service is a 404 whatever URL is typed."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from directory.invitation_view import AcceptInvitationView
from directory.models import ProviderInvitation
from directory.providers import (
    confirm_still_correct,
    editable_copy,
    is_provider,
    is_staff_account,
    provider_organisations,
    provider_services,
    publish_vacancies,
    submissions,
    submit_for_moderation,
)

from .forms import (
    ProviderNewPasswordForm,
    ProviderPasswordResetForm,
    SetPasswordForm,
    SignInForm,
    VacanciesForm,
    section_form_class,
    sections_for,
)


def provider_required(view):
    """Signed in with a provider account, or sent to the provider sign-in page."""

    @wraps(view)
    @never_cache
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(f"{reverse('provider:sign_in')}?next={request.path}")
        if not is_provider(request.user):
            raise PermissionDenied("This is not a provider account.")
        return view(request, *args, **kwargs)

    return wrapper


class SignInView(LoginView):
    template_name = "portal/provider/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = False

    def form_valid(self, form):
        if not is_provider(form.get_user()):
            form.add_error(
                None, "This is not a provider account. Council staff sign in at /admin/."
            )
            return self.form_invalid(form)
        return super().form_valid(form)

    def get_default_redirect_url(self):
        return reverse("provider:home")


@require_POST
def sign_out(request) -> HttpResponse:
    logout(request)
    messages.success(request, "You have signed out.")
    return redirect("provider:sign_in")


class AcceptView(AcceptInvitationView):
    """An invitation link: choose a password, or (with a provider account already) accept.

    A council staff login's address is refused: a provider account is a separate login.
    """

    template_name = "portal/provider/accept.html"
    refused_template_name = "portal/provider/invitation_refused.html"
    password_form_class = SetPasswordForm
    invalid_form_status = 200

    def get_queryset(self):
        return ProviderInvitation.objects.select_related("organisation")

    def refusal(self):
        if self.account is not None and is_staff_account(self.account):
            return self.refused("This email address belongs to a council staff login.", 403)
        return None

    def accepting_account(self):
        return self.account

    def accepted(self, user, new_account: bool):
        if new_account:
            return redirect("provider:home")
        messages.success(
            self.request, f"You can now update {self.invitation.organisation.name}. Sign in."
        )
        return redirect("provider:sign_in")


accept = AcceptView.as_view()


@provider_required
def home(request) -> HttpResponse:
    return render(
        request,
        "portal/provider/home.html",
        {
            "organisations": provider_organisations(request.user).order_by("name"),
            "services": provider_services(request.user).order_by("name"),
            "submissions": submissions(request.user),
        },
    )


def _service(request, uuid):
    return get_object_or_404(provider_services(request.user), uuid=uuid)


@provider_required
def service_detail(request, uuid) -> HttpResponse:
    service = _service(request, uuid)
    current = editable_copy(service)
    return render(
        request,
        "portal/provider/service.html",
        {
            "service": service,
            "current": current,
            "pending": service.has_unpublished_changes,
            "sections": sections_for(service),
            "submissions": [s for s in submissions(request.user) if s.service.pk == service.pk],
        },
    )


@provider_required
def edit_section(request, uuid, section: str) -> HttpResponse:
    """One part of the record; saving sends a draft to the council's moderators."""
    service = _service(request, uuid)
    spec = {s.slug: s for s in sections_for(service)}.get(section)
    if spec is None:
        raise Http404("No such part of the record")
    draft = editable_copy(service)
    form_class = section_form_class(spec)
    form = form_class(request.POST if request.method == "POST" else None, instance=draft)
    if request.method == "POST" and form.is_valid():
        changed = form.has_changed() or any(f.has_changed() for f in form.formsets.values())
        if changed:
            submit_for_moderation(form.save(commit=False), request.user)
            messages.success(
                request,
                f"{spec.title} sent to the council. They will check it before it is published.",
            )
        else:
            messages.info(request, "You did not change anything, so nothing was sent.")
        return redirect("provider:service", uuid=service.uuid)
    return render(
        request,
        "portal/provider/edit_section.html",
        {"service": service, "section": spec, "form": form},
    )


@provider_required
@require_POST
def still_correct(request, uuid) -> HttpResponse:
    service = _service(request, uuid)
    due = confirm_still_correct(service, request.user)
    messages.success(
        request, f"Thank you. We will ask you to check {service.name} again by {due:%-d %B %Y}."
    )
    return redirect("provider:service", uuid=service.uuid)


@provider_required
def vacancies(request, uuid) -> HttpResponse:
    """Vacancies publish at once, dated today (the one change that skips moderation)."""
    service = _service(request, uuid)
    if not service.is_childcare:
        raise Http404("Only childcare records have vacancies")
    record = service.live_revision.as_object() if service.live_revision_id else service
    groups = list(record.age_groups.all())
    form = VacanciesForm(request.POST if request.method == "POST" else None, groups=groups)
    if request.method == "POST" and form.is_valid():
        publish_vacancies(service, request.user, form.vacancies())
        messages.success(request, "Vacancies published. Families can see them now.")
        return redirect("provider:service", uuid=service.uuid)
    return render(
        request,
        "portal/provider/vacancies.html",
        {"service": service, "record": record, "form": form, "groups": groups},
    )


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "portal/provider/password_reset.html"
    form_class = ProviderPasswordResetForm
    subject_template_name = "portal/provider/email/password_reset_subject.txt"
    email_template_name = "portal/provider/email/password_reset_body.txt"
    success_url = reverse_lazy("provider:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "portal/provider/password_reset_confirm.html"
    form_class = ProviderNewPasswordForm
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("provider:home")
