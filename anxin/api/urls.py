from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny
from rest_framework.routers import DefaultRouter

from anxin.caring.api.views import CaringTeamViewSet, PeerSupporterViewSet
from anxin.cases.api.views import CaseViewSet
from anxin.clients.api.views import ClientViewSet
from anxin.community.api import ActivityViewSet, VolunteerViewSet
from anxin.documents.api.views import DocumentViewSet, FormViewSet
from anxin.groups.api import GroupViewSet
from anxin.instruments.api.views import InstrumentViewSet
from anxin.medication.api import ROUTES as MEDICATION_ROUTES
from anxin.outcomes.api import ROUTES as OUTCOMES_ROUTES
from anxin.programmes.api import ROUTES as PROGRAMMES_ROUTES
from anxin.rehab.api import ROUTES as REHAB_ROUTES
from anxin.roster.api import ROUTES as ROSTER_ROUTES
from anxin.safety.api.views import AlertViewSet
from anxin.staff.api import ReassignCasesView, StaffViewSet

from .schema import api_docs

router = DefaultRouter()
router.register("clients", ClientViewSet, basename="client")
router.register("cases", CaseViewSet, basename="case")
router.register("instruments", InstrumentViewSet, basename="instrument")
router.register("forms", FormViewSet, basename="form")
router.register("documents", DocumentViewSet, basename="document")
router.register("alerts", AlertViewSet, basename="alert")
router.register("staff", StaffViewSet, basename="staff")
router.register("groups", GroupViewSet, basename="group")
router.register("activities", ActivityViewSet, basename="activity")
router.register("volunteers", VolunteerViewSet, basename="volunteer")
router.register("caring-teams", CaringTeamViewSet, basename="caring-team")
router.register("peer-supporters", PeerSupporterViewSet, basename="peer-supporter")
# The rehabilitation centre's apps name their own routes (REH).
for _prefix, _viewset, _basename in (*REHAB_ROUTES, *MEDICATION_ROUTES, *PROGRAMMES_ROUTES,
                                     *OUTCOMES_ROUTES, *ROSTER_ROUTES):
    router.register(_prefix, _viewset, basename=_basename)

urlpatterns = [
    # Before the router, whose case detail route would otherwise take "reassign" for an id.
    path("v1/cases/reassign/", ReassignCasesView.as_view(), name="cases-reassign"),
    path("v1/", include(router.urls)),
    # The description of the API is documentation, readable before signing in.
    path("schema/", SpectacularAPIView.as_view(permission_classes=[AllowAny]), name="schema"),
    path("docs/", api_docs, name="api-docs"),
]
