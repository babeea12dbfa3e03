from django.urls import path

from . import views

app_name = "oruk"

urlpatterns = [
    path("", views.api_details, name="api_details"),
]
