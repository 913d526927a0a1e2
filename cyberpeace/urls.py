from __future__ import annotations

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps.views import sitemap
from django.db import transaction
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from cyberpeace import admin_site, corrections, review, tokens, views
from cyberpeace.api import SourceViewSet
from cyberpeace.changes import ChangeFeed
from cyberpeace.export import LicencedAPIRootView
from cyberpeace.sitemaps import ListSitemap, RecordSitemap
from initiatives.api import EventViewSet, ProgrammeViewSet
from initiatives.models import Event, Programme
from orgs.api import OrganisationViewSet, PersonViewSet, TopicViewSet
from orgs.models import Organisation, Person, Topic

api = DefaultRouter()
api.APIRootView = LicencedAPIRootView
api.register("organisations", OrganisationViewSet, basename="organisation")
api.register("programmes", ProgrammeViewSet, basename="programme")
api.register("events", EventViewSet, basename="event")
api.register("topics", TopicViewSet, basename="topic")
api.register("people", PersonViewSet, basename="person")
api.register("sources", SourceViewSet, basename="source")

admin.site.site_header = "cyberpeace directory: editors"
admin.site.site_title = "cyberpeace editors"
admin.site.index_title = "Organisations, programmes and events working for peace in cyberspace"

handler404 = "cyberpeace.views.not_found"
# The admin's look on the password reset pages (Django's templates for them).
ADMIN_CONTEXT = {"site_header": admin.site.site_header, "site_title": admin.site.site_title}
# A 503 when the database does not answer (cyberpeace.faults), the 500 page otherwise.
handler500 = "cyberpeace.faults.server_error"

sitemaps = {
    "lists": ListSitemap(),
    "organisations": RecordSitemap(Organisation),
    "programmes": RecordSitemap(Programme),
    "events": RecordSitemap(Event),
    "topics": RecordSitemap(Topic),
    "people": RecordSitemap(Person),
}

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        transaction.non_atomic_requests(sitemap),
        {"sitemaps": sitemaps},
        name="sitemap",
    ),
    path("favicon.ico", views.favicon, name="favicon"),
    path("admin/review/", admin.site.admin_view(review.review_queue), name="review-queue"),
    # A forgotten password: a link by e-mail, valid PASSWORD_RESET_TIMEOUT (3 days).
    path(
        "admin/password_reset/",
        admin_site.PasswordResetView.as_view(extra_context=ADMIN_CONTEXT),
        name="admin_password_reset",
    ),
    path(
        "admin/password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(extra_context=ADMIN_CONTEXT),
        name="password_reset_done",
    ),
    path(
        "admin/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(extra_context=ADMIN_CONTEXT),
        name="password_reset_confirm",
    ),
    path(
        "admin/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(extra_context=ADMIN_CONTEXT),
        name="password_reset_complete",
    ),
    path("admin/", admin.site.urls),
    path("api/v1/auth/login/", tokens.LoginView.as_view(), name="auth-login"),
    path("api/v1/auth/logout/", tokens.LogoutView.as_view(), name="auth-logout"),
    path("api/v1/auth/logoutall/", tokens.LogoutAllView.as_view(), name="auth-logout-all"),
    path("api/v1/changes/", ChangeFeed.as_view(), name="change-list"),
    path("api/v1/", include(api.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
]

# The public pages, in English at / and in French at /fr/.
urlpatterns += i18n_patterns(
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("", include("orgs.urls")),
    path("", include("initiatives.urls")),
    path(
        "suggest/<slug:kind>/<slug:slug>/",
        corrections.suggest_correction,
        name="suggest-correction",
    ),
    prefix_default_language=False,
)
