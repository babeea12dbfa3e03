"""Wagtail admin menu items so staff with a mapping role find /mapping/."""

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from directory.permissions import is_national_admin

from .permissions import has_mapping_role


class MappingMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return has_mapping_role(request.user)


class NationalAdminMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return is_national_admin(request.user)


@hooks.register("register_admin_menu_item")
def register_mapping_menu_item():
    return MappingMenuItem(
        "Children's services mapping",
        reverse("mapping:dashboard"),
        icon_name="table",
        order=900,
        name="mapping",
    )


@hooks.register("register_admin_menu_item")
def register_mapping_import_menu_item():
    return NationalAdminMenuItem(
        "Import mapping returns",
        reverse("mapping:import"),
        icon_name="upload",
        order=901,
        name="mapping-import",
    )
