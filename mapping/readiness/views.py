"""Readiness self-assessment pages (mapping leads and DCSs; national administrators edit the
question template)."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify

from directory.models import LocalAuthority
from mapping.models import (
    EcmAim,
    ReadinessAnswer,
    ReadinessAssessment,
    ReadinessQuestion,
    ReadinessTemplate,
)
from mapping.permissions import (
    DCS,
    LEAD,
    mapping_la_ids,
    require_mapping_role,
    require_national_admin,
)
from mapping.reports.views import FORMATS, download

from .comparison import compare_assessments
from .forms import AnswerForm, AssessmentForm, question_formset
from .template_file import load_template, read_template_file


def _las(user):
    ids = mapping_la_ids(user)
    las = LocalAuthority.objects.order_by("name")
    return las if ids is None else las.filter(pk__in=ids)


def _default_template() -> ReadinessTemplate:
    template = (
        ReadinessTemplate.objects.filter(is_default=True).first()
        or ReadinessTemplate.objects.order_by("pk").first()
    )
    if template is None:  # removed after migrate: load the standard questions again
        name, rows = read_template_file()
        with transaction.atomic():
            template, _ = load_template(name, rows, ReadinessTemplate, ReadinessQuestion)
    return template


@require_mapping_role(LEAD, DCS)
def index(request):
    las = _las(request.user)
    assessments = (
        ReadinessAssessment.objects.filter(local_authority__in=las)
        .select_related("local_authority", "template")
        .order_by("local_authority__name", "-assessed_on")
    )
    return render(
        request,
        "mapping/reports/readiness/index.html",
        {
            "assessments": assessments,
            "local_authorities": las,
            "templates": ReadinessTemplate.objects.order_by("name"),
            "can_edit_templates": request.mapping_access.national_admin,
        },
    )


def _edit(request, assessment: ReadinessAssessment | None):
    las = _las(request.user)
    template = assessment.template if assessment else _default_template()
    questions = list(template.questions.order_by("number"))
    existing = (
        {a.question_id: a for a in assessment.answers.prefetch_related("ecm_aims")}
        if assessment
        else {}
    )
    data = request.POST if request.method == "POST" else None
    initial = (
        {"local_authority": assessment.local_authority, "assessed_on": assessment.assessed_on}
        if assessment
        else {"local_authority": las.first()}
    )
    form = AssessmentForm(data, initial=initial, local_authorities=las)
    aims = [(aim.pk, f"{aim.number}. {aim.name}") for aim in EcmAim.objects.all()]
    answers = [
        AnswerForm(
            data,
            instance=existing.get(q.pk) or ReadinessAnswer(question=q),
            question=q,
            prefix=f"q{q.number}",
            aims=aims,
        )
        for q in questions
    ]
    if data is not None and form.is_valid() and all(a.is_valid() for a in answers):
        with transaction.atomic():
            if assessment is None:
                assessment = ReadinessAssessment(template=template, created_by=request.user)
            assessment.local_authority = form.cleaned_data["local_authority"]
            assessment.assessed_on = form.cleaned_data["assessed_on"]
            assessment.save()
            for a in answers:
                answer = a.save(commit=False)
                answer.assessment = assessment
                answer.save()
                a.save_m2m()
        messages.success(request, "Assessment saved.")
        return redirect(
            "mapping:reports:readiness:compare", la_slug=assessment.local_authority.slug
        )
    return render(
        request,
        "mapping/reports/readiness/assessment_form.html",
        {
            "form": form,
            "answers": answers,
            "template": template,
            "assessment": assessment,
            "answer_errors": [a for a in answers if a.errors],
        },
        status=400 if data is not None else 200,
    )


@require_mapping_role(LEAD, DCS)
def assessment_create(request):
    return _edit(request, None)


@require_mapping_role(LEAD, DCS)
def assessment_edit(request, pk: int):
    assessment = get_object_or_404(
        ReadinessAssessment.objects.filter(local_authority__in=_las(request.user)), pk=pk
    )
    return _edit(request, assessment)


@require_mapping_role(LEAD, DCS)
def compare(request, la_slug: str):
    la = get_object_or_404(_las(request.user), slug=la_slug)
    comparison = compare_assessments(la)
    fmt = request.GET.get("format", "")
    if fmt in FORMATS:
        subtitle = f"{len(comparison.assessments)} assessment(s), oldest first"
        name = f"readiness_{slugify(la.name)}"
        return download(comparison, fmt, comparison.title, subtitle, name)
    return render(
        request,
        "mapping/reports/readiness/compare.html",
        {"local_authority": la, "comparison": comparison, "formats": list(FORMATS)},
    )


@require_national_admin
def template_edit(request, pk: int):
    template = get_object_or_404(ReadinessTemplate, pk=pk)
    formset = question_formset(template, request.POST if request.method == "POST" else None)
    if request.method == "POST" and formset.is_valid():
        formset.save()
        messages.success(request, f"{template.name} saved.")
        return redirect("mapping:reports:readiness:template_edit", pk=template.pk)
    return render(
        request,
        "mapping/reports/readiness/template_form.html",
        {"template": template, "formset": formset},
        status=400 if request.method == "POST" else 200,
    )
