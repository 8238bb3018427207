"""The product's URLs plus two that fail, for the error-page tests."""

from django.core.exceptions import BadRequest
from django.urls import path

from config.urls import urlpatterns as product_urls


def _fail(request):
    raise RuntimeError("the database went away")


def _bad(request):
    raise BadRequest("unreadable")


urlpatterns = [path("test-fail/", _fail), path("test-bad/", _bad), *product_urls]
