from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from cyberpeace import views

admin.site.site_header = "cyberpeace directory: editors"
admin.site.site_title = "cyberpeace editors"
admin.site.index_title = "Organisations, programmes and events working for peace in cyberspace"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("admin/", admin.site.urls),
    path("", include("orgs.urls")),
    path("", include("initiatives.urls")),
]
