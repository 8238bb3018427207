"""The client's address behind the reverse proxy.

Behind a proxy every request comes from the proxy's address, so the audit trail would record
the proxy for everyone, and the limits counted per address (failed sign-ins, the public
self-assessment) would add up the whole site's traffic and shut everyone out together. The
proxy passes the client's address in X-Forwarded-For; this middleware, first in the chain,
puts it in REMOTE_ADDR — only for requests that come from a trusted proxy, since anyone else
can write that header.
"""

import ipaddress

from django.conf import settings


def _networks(values) -> list:
    return [ipaddress.ip_network(value.strip(), strict=False) for value in values if value]


class ForwardedForMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.trusted = _networks(settings.ANXIN_TRUSTED_PROXIES)

    def _is_trusted(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in self.trusted)

    def client_address(self, remote: str, forwarded: str) -> str:
        """Read from the right: the nearest hop not a trusted proxy is the client. Entries
        further left were written by whoever sent the request and prove nothing."""
        if not (forwarded and self._is_trusted(remote)):
            return remote
        for hop in reversed([part.strip() for part in forwarded.split(",")]):
            if not self._is_trusted(hop):
                try:
                    return ipaddress.ip_address(hop).compressed
                except ValueError:
                    return remote  # a malformed header: keep the proxy's own address
        return remote

    def __call__(self, request):
        meta = request.META
        meta["REMOTE_ADDR"] = self.client_address(meta.get("REMOTE_ADDR", ""),
                                                  meta.get("HTTP_X_FORWARDED_FOR", ""))
        return self.get_response(request)
