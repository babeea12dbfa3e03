"""Puts the spreadsheet import/export pages into the Wagtail admin.

Wagtail loads this module because ``directory.exchange`` is an installed app.
"""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import urls
from .forms import MODELS, can_import


class ExchangeMenuItem(MenuItem):
    def is_shown(self, request):
        return any(can_import(request.user, kind) for kind in MODELS)


@hooks.register("register_admin_urls")
def register_exchange_urls():
    return [path("exchange/", include(urls))]


@hooks.register("register_admin_menu_item")
def register_exchange_menu_item():
    return ExchangeMenuItem(
        "Import and export",
        reverse("directory_exchange:index"),
        icon_name="download",
        order=850,
    )
