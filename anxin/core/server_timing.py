"""`Server-Timing: app;dur=…` on every response when ANXIN_SERVER_TIMING is on: the time the
application spent, middleware included, which the benchmark suite reads so that its figures are
server time and not the client's or the network's (docs/benchmarks.md)."""

import time

from django.conf import settings


class ServerTimingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.enabled = getattr(settings, "ANXIN_SERVER_TIMING", False)

    def __call__(self, request):
        if not self.enabled:
            return self.get_response(request)
        started = time.perf_counter()
        response = self.get_response(request)
        response["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.2f}"
        return response
