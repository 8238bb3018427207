"""Instrument pages: giving one in a case, reading a response, client links (the fill page is
public). The client's history is a panel of the client page (templatetags)."""

from .views import links, responses

app_name = "instruments"
urlpatterns = responses.urlpatterns + links.urlpatterns
