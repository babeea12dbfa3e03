from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "provider"

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.SignInView.as_view(), name="sign_in"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("invitation/<str:token>/", views.accept, name="accept"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="portal/provider/password_reset_sent.html"
        ),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("services/<uuid:uuid>/", views.service_detail, name="service"),
    path("services/<uuid:uuid>/still-correct/", views.still_correct, name="still_correct"),
    path("services/<uuid:uuid>/vacancies/", views.vacancies, name="vacancies"),
    path("services/<uuid:uuid>/<slug:section>/", views.edit_section, name="edit"),
]
