"""Setting up and entering the second factor (GOV.UK pages, staff only)."""

from __future__ import annotations

import segno
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login

from .forms import CodeForm
from .second_factor import pending_device, requires_second_factor, secret_for_people


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return settings.WAYMARK_STAFF_HOME


@login_required
def setup(request):
    """Show a new authenticator's QR code and key; its first correct code confirms it."""
    if request.user.is_verified():
        return redirect(_next(request))
    if list(devices_for_user(request.user)):
        return redirect(f"{settings.WAYMARK_OTP_VERIFY_URL}?{urlencode({'next': _next(request)})}")
    device = pending_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("code", "The security code is not right. Enter the code shown now")
    context = {
        "form": form,
        "next": _next(request),
        "qr_svg": segno.make(device.config_url).svg_inline(
            scale=4, border=2, title="QR code for your authenticator app"
        ),
        "secret": secret_for_people(device),
        "required": requires_second_factor(request.user),
    }
    return render(request, "security/second_factor_setup.html", context)


@login_required
def verify(request):
    """Ask for the current code from the authenticator set up earlier."""
    if request.user.is_verified():
        return redirect(_next(request))
    if not list(devices_for_user(request.user)):
        return redirect(f"{settings.WAYMARK_OTP_SETUP_URL}?{urlencode({'next': _next(request)})}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("code", "The security code is not right. Enter the code shown now")
    return render(
        request, "security/second_factor_verify.html", {"form": form, "next": _next(request)}
    )
