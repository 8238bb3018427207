"""How the OpenAPI schema describes the API's own authentication classes."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "anxin.api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": str(_("An API key issued to a named user (`manage.py "
                                     "create_api_token`), sent as `Token <key>`."))}
