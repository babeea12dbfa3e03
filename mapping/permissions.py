"""Who may see and do what in the mapping module.

Roles come from ``directory.models.Membership`` and are scoped to one local authority:

- national administrator (``directory.permissions.is_national_admin``): every LA, and the only
  one who may unlock signed-off returns;
- mapping lead: sets up the LA's cycle, assigns delegates, approves/returns sections;
- DCS: sees the LA's returns and signs them off;
- delegate: sees only the return sections assigned to them;
- partnership viewer (read-only: Joint Commissioning Group, Children's Trust Board members,
  partner agencies): sees the LA's reports of cycles released to viewers
  (``released_to_viewers``) and nothing else. Not a mapping role: every view guarded by
  ``require_mapping_role`` refuses them unless it names ``VIEWER``.

Views use ``require_mapping_role``; querysets are narrowed with ``returns_visible_to`` and
``mapping_la_ids``. Anonymous users are sent to the login page; signed-in users without the
role get 403.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property, wraps

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from directory.models import StaffRole
from directory.permissions import NATIONAL_ADMIN_GROUP

LEAD = StaffRole.MAPPING_LEAD.value
DELEGATE = StaffRole.DELEGATE.value
DCS = StaffRole.DCS.value
VIEWER = StaffRole.VIEWER.value

#: Every role that gives access to the mapping module at all.
MAPPING_ROLES: tuple[str, ...] = (LEAD, DELEGATE, DCS)
#: Roles that see all of an LA's mapping data (returns, reports), not only assigned sections.
LA_WIDE_ROLES: tuple[str, ...] = (LEAD, DCS)
#: Roles that may open the report pages (viewers only for released cycles).
REPORT_ROLES: tuple[str, ...] = (LEAD, DCS, VIEWER)
#: Every role the mapping module knows, in the order people are shown them.
ALL_ROLES: tuple[str, ...] = (*MAPPING_ROLES, VIEWER)

ROLE_LABELS = dict(StaffRole.choices)


@dataclass(frozen=True)
class Held:
    """One role the user holds at one LA."""

    la_id: int
    la_name: str
    la_slug: str
    role: str


@dataclass
class MappingAccess:
    """What one user may do in the mapping module, read with a single query.

    Built once per request (``for_request``) and used by views, templates and the helper
    functions below, so a page no longer re-reads groups and memberships for every check.
    """

    user: object
    national_admin: bool = False
    held: tuple[Held, ...] = field(default_factory=tuple)
    #: May open the Wagtail admin (directory editing); the mapping menu links it only then.
    admin_access: bool = False

    @classmethod
    def load(cls, user) -> MappingAccess:
        """One query: the national-administrator group and every membership with its LA."""
        if user is None or not user.is_authenticated or not user.is_active:
            return cls(user)
        in_group = Group.objects.filter(user=OuterRef("pk"), name=NATIONAL_ADMIN_GROUP)
        admin = Permission.objects.filter(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
        may_use_admin = Exists(admin.filter(user=OuterRef("pk"))) | Exists(
            admin.filter(group__user=OuterRef("pk"))
        )
        rows = (
            get_user_model()
            .objects.filter(pk=user.pk)
            .annotate(national=Exists(in_group), admin=may_use_admin)
            .values_list(
                "national",
                "admin",
                "memberships__local_authority_id",
                "memberships__local_authority__name",
                "memberships__local_authority__slug",
                "memberships__role",
            )
        )
        national, admin, held = bool(user.is_superuser), bool(user.is_superuser), []
        for in_national_group, has_admin, la_id, name, slug, role in rows:
            national = national or in_national_group
            admin = admin or has_admin
            if la_id is not None:
                held.append(Held(la_id, name, slug, role))
        held.sort(key=lambda h: (h.la_name, ALL_ROLES.index(h.role) if h.role in ALL_ROLES else 9))
        return cls(user, national, tuple(held), admin)

    @classmethod
    def of(cls, user) -> MappingAccess:
        """The request's access object when ``user`` is the request's user, else a fresh one."""
        cached = getattr(user, "_mapping_access", None)
        return cached if cached is not None else cls.load(user)

    @classmethod
    def for_request(cls, request) -> MappingAccess:
        access = getattr(request, "mapping_access", None)
        if access is None:
            access = cls.load(request.user)
            request.mapping_access = access
            if request.user.is_authenticated:
                request.user._mapping_access = access
        return access

    # Questions views ask.

    def la_ids(self, roles: Iterable[str] | None = LA_WIDE_ROLES) -> set[int] | None:
        """LAs where the user holds one of ``roles`` (any role if None); None means every LA."""
        if self.national_admin:
            return None
        wanted = None if roles is None else set(roles)
        return {h.la_id for h in self.held if wanted is None or h.role in wanted}

    def has_role(
        self, local_authority_id: int | None = None, roles: Iterable[str] = MAPPING_ROLES
    ) -> bool:
        ids = self.la_ids(roles)
        if ids is None:
            return True
        return bool(ids) if local_authority_id is None else local_authority_id in ids

    def is_lead_for(self, local_authority_id: int) -> bool:
        return self.has_role(local_authority_id, [LEAD])

    def is_dcs_for(self, local_authority_id: int) -> bool:
        return self.has_role(local_authority_id, [DCS])

    def is_la_wide_for(self, local_authority_id: int) -> bool:
        return self.has_role(local_authority_id, LA_WIDE_ROLES)

    def can_edit_section(self, assignment) -> bool:
        """The lead of the return's LA, or the delegate the section is assigned to."""
        la_id = assignment.mapping_return.local_authority_id
        if self.is_lead_for(la_id):
            return True
        return assignment.delegate_id == self.user.pk and self.has_role(la_id, [DELEGATE])

    def returns_visible(self, queryset: QuerySet | None = None) -> QuerySet:
        """Returns the user may see: whole LAs for leads/DCS, assigned returns for delegates."""
        from .models import MappingReturn

        qs = queryset if queryset is not None else MappingReturn.objects.all()
        full = self.la_ids()
        if full is None:
            return qs
        delegate_las = self.la_ids([DELEGATE])
        if not delegate_las:
            return qs.filter(local_authority_id__in=full)
        return qs.filter(
            Q(local_authority_id__in=full)
            | Q(local_authority_id__in=delegate_las, assignments__delegate=self.user)
        ).distinct()

    def can_view_return(self, mapping_return) -> bool:
        la_id = mapping_return.local_authority_id
        if self.is_la_wide_for(la_id):
            return True
        if not self.has_role(la_id, [DELEGATE]):
            return False
        return mapping_return.assignments.filter(delegate=self.user).exists()

    # What templates show.

    @property
    def is_lead(self) -> bool:
        return self.has_role(roles=[LEAD])

    @property
    def is_dcs(self) -> bool:
        return self.has_role(roles=[DCS])

    @property
    def is_delegate(self) -> bool:
        return not self.national_admin and self.has_role(roles=[DELEGATE])

    @property
    def la_wide(self) -> bool:
        return self.has_role(roles=LA_WIDE_ROLES)

    @property
    def is_viewer_only(self) -> bool:
        """A partnership viewer with no other mapping role anywhere (sees reports only)."""
        return (
            not self.national_admin
            and self.has_role(roles=[VIEWER])
            and not self.has_role(roles=MAPPING_ROLES)
        )

    def report_la_ids(self) -> set[int] | None:
        """LAs whose reports the user may open at all (None: every LA)."""
        return self.la_ids(REPORT_ROLES)

    def may_see_reports(self, local_authority_id: int, cycle) -> bool:
        """Leads and DCSs see every cycle of their LA; viewers only released cycles."""
        if self.is_la_wide_for(local_authority_id):
            return True
        return self.has_role(local_authority_id, [VIEWER]) and released_to_viewers(cycle)

    @property
    def full_name(self) -> str:
        user = self.user
        return (user.get_full_name() or user.get_username()) if user else ""

    @cached_property
    def mapping_roles(self) -> list[Held]:
        """Every mapping role held, read-only viewing included (for the signed-in line)."""
        return [h for h in self.held if h.role in ALL_ROLES]

    @property
    def role_label(self) -> str:
        """ "Mapping lead", "National administrator" or the roles held, joined."""
        if self.national_admin:
            return "National administrator"
        labels = []
        for h in self.mapping_roles:
            label = ROLE_LABELS[h.role]
            if label not in labels:
                labels.append(label)
        return " and ".join(labels)

    @property
    def la_label(self) -> str:
        names = []
        for h in self.mapping_roles:
            if h.la_name not in names:
                names.append(h.la_name)
        if self.national_admin and not names:
            return "every local authority"
        return ", ".join(names)


def released_to_viewers(cycle) -> bool:
    """Whether a cycle's reports are open to the partnership's read-only viewers.

    The one definition: the cycle's results are released (the timetable does it on the results
    date, ``Cycle.results_released``) or the cycle is published.
    """
    from .models import CycleState

    return cycle is not None and (cycle.results_released or cycle.state == CycleState.PUBLISHED)


def released_cycles() -> QuerySet:
    """The cycles whose reports viewers may see, newest first (``released_to_viewers``)."""
    from .models import Cycle, CycleState

    released = Q(results_released_at__isnull=False) | Q(state=CycleState.PUBLISHED)
    return Cycle.objects.filter(released).order_by("-label")


def display_name(user) -> str:
    """A person as staff know them: their full name, or their username if they have none."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def mapping_la_ids(user, roles: Iterable[str] = LA_WIDE_ROLES) -> set[int] | None:
    """IDs of the LAs whose mapping data ``user`` may see in full; None means every LA.

    By default only mapping leads and DCSs see a whole LA (reports, dashboards); pass
    ``roles=MAPPING_ROLES`` to include delegates (who then still see only their assignments).
    """
    return MappingAccess.of(user).la_ids(list(roles))


def has_mapping_role(
    user, local_authority_id: int | None = None, roles: Iterable[str] = MAPPING_ROLES
) -> bool:
    """Whether ``user`` holds one of ``roles`` (at ``local_authority_id`` if given)."""
    return MappingAccess.of(user).has_role(local_authority_id, roles)


def guarded(request, call: Callable, *, roles: Iterable[str] | None, national_admin: bool = False):
    """Run ``call()`` for a signed-in user holding one of ``roles`` (or a national administrator).

    Anonymous users go to the login page. A refusal (403) or a missing object (404) raised by
    the check or inside the view is answered with the mapping module's own GOV.UK error page,
    which keeps the mapping navigation and says what to do next.
    """
    from .errors import not_found, refused

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    access = MappingAccess.for_request(request)
    try:
        if national_admin and not access.national_admin:
            raise PermissionDenied("Only a national administrator may do this.")
        if roles is not None and not access.has_role(roles=roles):
            raise PermissionDenied("You do not have a mapping role for this page.")
        return call()
    except PermissionDenied as exc:
        return refused(request, exc)
    except Http404:
        return not_found(request)


def require_mapping_role(*roles: str) -> Callable:
    """View decorator: login required, then at least one of ``roles`` at any LA (else 403).

    With no roles given any mapping role (lead, delegate, DCS) will do. National
    administrators always pass. The object-level check (which LA, which assignment) stays in
    the view, through ``request.mapping_access``.
    """
    wanted = roles or MAPPING_ROLES

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            return guarded(request, lambda: view(request, *args, **kwargs), roles=wanted)

        return wrapped

    return decorator


def require_national_admin(view: Callable) -> Callable:
    """View decorator: login required, then national administrator (else 403)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return guarded(
            request, lambda: view(request, *args, **kwargs), roles=None, national_admin=True
        )

    return wrapped


class MappingRoleRequired:
    """Class-based view mixin: the same checks as ``require_mapping_role``.

    ``roles`` lists the roles that may use the view (any mapping role by default);
    ``national_admin_only`` restricts it to national administrators.
    """

    roles: tuple[str, ...] = MAPPING_ROLES
    national_admin_only = False

    def authorize(self) -> None:
        """Object-level checks (which LA, which return) that must run before the method check,
        so another council's URL answers 404 for every method. Raise to refuse."""

    def dispatch(self, request, *args, **kwargs):
        def run():
            self.authorize()
            return super(MappingRoleRequired, self).dispatch(request, *args, **kwargs)

        return guarded(
            request,
            run,
            roles=None if self.national_admin_only else self.roles,
            national_admin=self.national_admin_only,
        )

    @property
    def access(self) -> MappingAccess:
        return self.request.mapping_access


def returns_visible_to(user, queryset: QuerySet | None = None) -> QuerySet:
    """Mapping returns ``user`` may see: whole LAs for leads/DCS, assigned returns for delegates."""
    return MappingAccess.of(user).returns_visible(queryset)


def can_view_return(user, mapping_return) -> bool:
    return MappingAccess.of(user).can_view_return(mapping_return)


def is_lead_for(user, local_authority_id: int) -> bool:
    """Mapping lead for the LA, or national administrator."""
    return MappingAccess.of(user).is_lead_for(local_authority_id)


def is_dcs_for(user, local_authority_id: int) -> bool:
    """DCS for the LA, or national administrator."""
    return MappingAccess.of(user).is_dcs_for(local_authority_id)


def can_edit_section(user, assignment) -> bool:
    """The lead of the return's LA, or the delegate the section is assigned to."""
    return MappingAccess.of(user).can_edit_section(assignment)


def require(condition: bool, message: str = "You may not do this.") -> None:
    """Raise 403 unless ``condition`` holds (for object-level checks inside views)."""
    if not condition:
        raise PermissionDenied(message)
