from django.urls import path

from . import views

app_name = "security"

urlpatterns = [
    path("two-factor/", views.verify, name="second_factor_verify"),
    path("two-factor/setup/", views.setup, name="second_factor_setup"),
]
