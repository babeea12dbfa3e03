"""A Wagtail admin menu item so staff with a mapping role find /mapping/."""

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .permissions import has_mapping_role


class MappingMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return has_mapping_role(request.user)


@hooks.register("register_admin_menu_item")
def register_mapping_menu_item():
    return MappingMenuItem(
        "Children's services mapping",
        reverse("mapping:dashboard"),
        icon_name="table",
        order=900,
        name="mapping",
    )
