"""Case pages. Each views module lists its own routes; they share the `cases` namespace."""

from .printing import views as printing
from .views import assignment, cases, documents, referrals

app_name = "cases"
urlpatterns = cases.urlpatterns + documents.urlpatterns + referrals.urlpatterns \
    + printing.urlpatterns + assignment.urlpatterns
