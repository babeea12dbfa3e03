from django.urls import path

from . import views

app_name = "directory_exchange"

urlpatterns = [
    path("", views.index, name="index"),
    path("<uuid:token>/confirm/", views.confirm, name="confirm"),
    path("<uuid:token>/summary/", views.summary, name="summary"),
    path("export/<str:kind>.<str:fmt>", views.export, name="export"),
]
