"""The partnership finder for companies and their enquiries (ADR 16). Dutch paths in both languages."""

from django.urls import URLPattern, path

from . import views

app_name = "enquiries"
urlpatterns: list[URLPattern] = [
    path("vind-een-samenwerking", views.finder, name="finder"),
    path("vind-een-samenwerking/contact/<slug:slug>", views.enquiry_create, name="create"),
    path("vind-een-samenwerking/contact/<slug:slug>/verzonden", views.enquiry_sent, name="sent"),
    path("vind-een-samenwerking/status/<str:token>", views.enquiry_status, name="status"),
    path("bedrijvenbetrokkenheid", views.funnel, name="funnel"),
    path("bedrijvenbetrokkenheid.csv", views.funnel_csv, name="funnel-csv"),
]
