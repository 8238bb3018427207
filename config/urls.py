from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from anxin.core import views as core_views
from anxin.workspace import views as workspace_views

urlpatterns = [
    path("", workspace_views.home, name="home"),
    path("accounts/", include("anxin.accounts.urls")),
    path("clients/", include("anxin.clients.urls")),
    path("cases/", include("anxin.cases.urls")),
    path("documents/", include("anxin.documents.urls")),
    path("audit/", include("anxin.audit.urls")),
    path("instruments/", include("anxin.instruments.urls")),
    path("notifications/", include("anxin.notifications.urls")),
    path("safety/", include("anxin.safety.urls")),
    path("visits/", include("anxin.visits.urls")),
    path("caring/", include("anxin.caring.urls")),
    path("community/", include("anxin.community.urls")),
    path("groups/", include("anxin.groups.urls")),
    path("rehab/", include("anxin.rehab.urls")),
    path("medication/", include("anxin.medication.urls")),
    path("outcomes/", include("anxin.outcomes.urls")),
    path("roster/", include("anxin.roster.urls")),
    path("programmes/", include("anxin.programmes.urls")),
    path("staff/", include("anxin.staff.urls")),
    path("jobs/", include("anxin.jobs.urls")),
    path("self-assessment/", include("anxin.portal.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/", include("anxin.api.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns.append(path("healthz", core_views.healthz))

handler400 = "anxin.core.error_views.bad_request"
handler403 = "anxin.core.error_views.permission_denied"
handler404 = "anxin.core.error_views.page_not_found"
handler500 = "anxin.core.error_views.server_error"
