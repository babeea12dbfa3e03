from django.urls import path

from . import oruk_views, views

app_name = "directory_exchange"

urlpatterns = [
    path("", views.index, name="index"),
    path("<uuid:token>/confirm/", views.confirm, name="confirm"),
    path("<uuid:token>/summary/", views.summary, name="summary"),
    path("export/<str:kind>.<str:fmt>", views.export, name="export"),
    path("oruk/", oruk_views.feed_import, name="oruk"),
    path("oruk/<uuid:token>/confirm/", oruk_views.feed_confirm, name="oruk_confirm"),
]
