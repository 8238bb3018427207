"""The API against its own OpenAPI schema (schemathesis): for every operation, generated
requests signed in as an org admin get no server error, and every response — its status, its
content type and its body — is one the schema describes. Bounded and derandomised, so it runs in
every `make test` on both databases in a predictable time."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from anxin.accounts.actions import do_issue_api_token
from anxin.workspace.testing.personas import build_personas

application = get_wsgi_application()
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


@pytest.fixture(autouse=True)
def _one_connection():
    """Requests go straight to the WSGI application, which would close the database connection
    holding the test's transaction at each request's end (PostgreSQL); Django's test client
    disconnects the same handler for the same reason."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token(db):
    personas = build_personas()
    _token, key = do_issue_api_token(personas.admin_a, name="schema fuzzing")
    return key


@schema.parametrize()
@settings(max_examples=8, deadline=None, derandomize=True, database=None,
          phases=[Phase.explicit, Phase.generate],
          suppress_health_check=list(HealthCheck))
def test_the_api_keeps_to_its_schema(case, token):
    case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)
