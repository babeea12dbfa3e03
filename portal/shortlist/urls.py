from django.urls import path

from . import views

app_name = "shortlist"

urlpatterns = [
    path("", views.shortlist_page, name="page"),
    path("add/", views.add, name="add"),
    path("remove/", views.remove, name="remove"),
    path("clear/", views.clear, name="clear"),
    path("email/", views.email, name="email"),
    path("shared/<str:token>/", views.shared, name="shared"),
]
