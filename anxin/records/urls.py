"""Home-visit pages, mounted at /visits/."""

from .views import app_name, urlpatterns  # noqa: F401
