"""The mapping home page and the LA progress dashboard."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils import timezone
from django.views.generic import ListView, TemplateView

from directory.models import LocalAuthority

from ..forms import ProgressFilterForm
from ..models import Cycle, CycleState, MappingReturn, Section, SectionAssignment, SectionStatus
from ..permissions import ALL_ROLES, LA_WIDE_ROLES, MappingRoleRequired, released_cycles
from ..progress import completeness, filter_returns
from ..services.locking import active_sign_off
from ..services.prefill import previous_cycle
from ..services.timetable import closes_for
from ..services.workflow import is_overdue
from .helpers import la_and_cycle

TO_DO = (SectionStatus.RETURNED, SectionStatus.NOT_STARTED, SectionStatus.IN_PROGRESS)
PAGE_SIZE = 25


class DashboardView(MappingRoleRequired, TemplateView):
    """What this member of staff has to do: their to-dos first, then their LAs' cycles.

    A delegate's sections are split into to-do (returned ones first, then by due date),
    waiting for the lead, and done (folded away).
    """

    template_name = "mapping/dashboard.html"
    roles = ALL_ROLES

    def get_template_names(self):
        if self.access.is_viewer_only:
            return ["mapping/viewer_home.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        access = self.access
        if access.is_viewer_only:
            return super().get_context_data(
                **kwargs, access=access, released=list(released_cycles())
            )
        ids = access.la_ids()
        las = LocalAuthority.objects.order_by("name")
        las = (
            las.filter(mapping_returns__isnull=False).distinct()
            if ids is None
            else las.filter(pk__in=ids)
        )
        mine = (
            SectionAssignment.objects.filter(delegate=self.request.user)
            .exclude(mapping_return__cycle__state=CycleState.PUBLISHED)
            .select_related("mapping_return__service", "mapping_return__cycle")
            .order_by("due_date", "mapping_return__service__name", "pk")
        )
        today = timezone.localdate()
        rank = {status: n for n, status in enumerate(TO_DO)}
        to_do = sorted(
            (a for a in mine if a.status in TO_DO),
            key=lambda a: (not is_overdue(a, today), rank[a.status] != 0, a.due_date or today),
        )
        done = [a for a in mine if a.status == SectionStatus.APPROVED]
        waiting = [a for a in mine if a.status == SectionStatus.SUBMITTED]
        page = Paginator(to_do, PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            **kwargs,
            local_authorities=las[:200],
            all_cycles=list(Cycle.objects.all()),
            to_do=[(a, is_overdue(a, today)) for a in page],
            to_do_page=page,
            to_do_count=len(to_do),
            overdue_count=sum(1 for a in to_do if is_overdue(a, today)),
            waiting=waiting,
            done=done,
        )


class ProgressView(MappingRoleRequired, ListView):
    """An LA's returns in a cycle: counts by status, filters, and one page of returns."""

    roles = LA_WIDE_ROLES
    template_name = "mapping/progress.html"
    paginate_by = PAGE_SIZE
    context_object_name = "returns"

    def authorize(self) -> None:
        self.local_authority, self.cycle = la_and_cycle(
            self.request.user, self.kwargs["la_slug"], self.kwargs["cycle_id"], LA_WIDE_ROLES
        )

    def get_queryset(self):
        self.today = timezone.localdate()
        self.filter_form = ProgressFilterForm(
            self.request.GET or None, local_authority=self.local_authority, cycle=self.cycle
        )
        returns = (
            MappingReturn.objects.filter(local_authority=self.local_authority, cycle=self.cycle)
            .select_related("service")
            .prefetch_related("assignments__delegate")
            .order_by("service__name", "pk")
        )
        return filter_returns(returns, today=self.today, **self.filter_form.filters())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        la, cycle, access = self.local_authority, self.cycle, self.access
        rows = []
        for mapping_return in context["returns"]:
            by_section = {a.section: a for a in mapping_return.assignments.all()}
            cells = []
            for section in Section.values:
                a = by_section.get(section)
                cells.append((a, a is not None and is_overdue(a, self.today)))
            rows.append((mapping_return, cells))
        query = self.request.GET.copy()
        query.pop("page", None)
        sign_off = active_sign_off(la.pk, cycle.pk)
        context.update(
            local_authority=la,
            cycle=cycle,
            rows=rows,
            sections=Section.choices,
            summary=completeness(la, cycle, self.today),
            filter_form=self.filter_form,
            filtered=any(self.filter_form.filters().values())
            if self.filter_form.is_bound
            else False,
            query=query.urlencode(),
            locked=sign_off is not None,
            sign_off=sign_off,
            is_lead=access.is_lead_for(la.pk),
            is_dcs=access.is_dcs_for(la.pk),
            is_admin=access.national_admin,
            previous=previous_cycle(cycle, la),
            closes=closes_for(cycle, la.pk),
        )
        return context


dashboard = DashboardView.as_view()
progress = ProgressView.as_view()
