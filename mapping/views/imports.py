"""Import returns from spreadsheets: upload, dry-run preview, then confirm (all or nothing).

Between preview and confirm the file text travels back in the form (hidden fields), so no
upload is kept on one web server's disk.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import BadRequest
from django.shortcuts import redirect, render

from ..forms import ImportForm
from ..permissions import require_national_admin
from ..services.importer import ImportRefused, import_returns


def _digest(*parts: str) -> str:
    """A keyed checksum of the previewed text (browsers send textareas back with CRLF)."""
    normalised = [part.replace("\r\n", "\n") for part in parts]
    text = "\x00".join([settings.SECRET_KEY, *normalised])
    return hashlib.sha256(text.encode()).hexdigest()


@require_national_admin
def import_view(request):
    if request.method == "POST" and request.POST.get("step") == "confirm":
        return _confirm(request)
    form = ImportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        files = {}
        for key in ("investment", "workforce"):
            upload = form.cleaned_data.get(key)
            if upload is not None and upload.size > settings.WAYMARK_MAX_UPLOAD_BYTES:
                form.add_error(key, "The file is too large.")
                return render(request, "mapping/import.html", context)
            files[key] = (upload.name, upload.read()) if upload else None
        create = form.cleaned_data["create_missing_las"]
        try:
            plan = import_returns(
                files["investment"][1] if files["investment"] else None,
                files["workforce"][1] if files["workforce"] else None,
                create_missing_las=create,
                dry_run=True,
                investment_name=files["investment"][0] if files["investment"] else "",
                workforce_name=files["workforce"][0] if files["workforce"] else "",
            )
        except ImportRefused as refused:
            context["errors"] = refused.errors
        else:
            texts = {
                key: (value[1].decode("utf-8-sig") if value else "") for key, value in files.items()
            }
            context.update(
                {
                    "plan": plan,
                    "summary": plan.summary(),
                    "texts": texts,
                    "create": "1" if create else "",
                    "digest": _digest(texts["investment"], texts["workforce"], str(create)),
                }
            )
    return render(request, "mapping/import.html", context)


def _confirm(request):
    investment = request.POST.get("investment_text", "")
    workforce = request.POST.get("workforce_text", "")
    create = request.POST.get("create", "")
    expected = _digest(investment, workforce, str(bool(create)))
    if not hmac.compare_digest(request.POST.get("digest", ""), expected):
        raise BadRequest("The confirmed files do not match the preview. Upload them again.")
    try:
        plan = import_returns(
            investment.encode() if investment else None,
            workforce.encode() if workforce else None,
            create_missing_las=bool(create),
            user=request.user,
            investment_name="investment file",
            workforce_name="workforce file",
        )
    except ImportRefused as refused:
        return render(
            request, "mapping/import.html", {"form": ImportForm(), "errors": refused.errors}
        )
    figures = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in plan.summary().items())
    messages.success(request, f"Imported: {figures}.")
    return redirect("mapping:dashboard")
