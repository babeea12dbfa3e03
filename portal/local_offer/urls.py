from django.urls import path

from . import views

app_name = "local_offer"

urlpatterns = [
    path("feedback/", views.feedback, name="feedback"),
    path("feedback/thanks/", views.feedback_thanks, name="feedback_thanks"),
    path("you-said-we-did/", views.you_said_we_did_index, name="you_said_we_did"),
    path("you-said-we-did/<int:year>/", views.you_said_we_did_year, name="you_said_we_did_year"),
]
