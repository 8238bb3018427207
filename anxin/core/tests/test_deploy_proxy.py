"""Behind the reverse proxy, the client's address is the one the proxy forwarded, and only a
trusted proxy may forward one."""

from django.http import HttpResponse
from django.test import RequestFactory, SimpleTestCase, override_settings

from anxin.core.proxy import ForwardedForMiddleware


@override_settings(ANXIN_TRUSTED_PROXIES=["127.0.0.1", "10.0.0.0/24"])
class TheClientAddress(SimpleTestCase):
    def address(self, remote: str, forwarded: str | None = None) -> str:
        seen = {}

        def view(request):
            seen["ip"] = request.META["REMOTE_ADDR"]
            return HttpResponse()

        extra = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            extra["HTTP_X_FORWARDED_FOR"] = forwarded
        ForwardedForMiddleware(view)(RequestFactory().get("/", **extra))
        return seen["ip"]

    def test_a_trusted_proxy_forwards_the_client(self):
        self.assertEqual(self.address("127.0.0.1", "203.0.113.7"), "203.0.113.7")

    def test_through_several_trusted_proxies_the_nearest_untrusted_hop_is_the_client(self):
        # The leftmost entry is whatever the client wrote; the proxies appended the rest.
        self.assertEqual(self.address("10.0.0.5", "1.2.3.4, 203.0.113.7, 10.0.0.9"),
                         "203.0.113.7")

    def test_anyone_else_cannot_choose_their_address(self):
        self.assertEqual(self.address("198.51.100.2", "127.0.0.1"), "198.51.100.2")
        self.assertEqual(self.address("198.51.100.2", "203.0.113.7"), "198.51.100.2")

    def test_a_malformed_or_missing_header_keeps_the_proxys_address(self):
        self.assertEqual(self.address("127.0.0.1", "not-an-address"), "127.0.0.1")
        self.assertEqual(self.address("127.0.0.1"), "127.0.0.1")
        self.assertEqual(self.address("127.0.0.1", "127.0.0.1"), "127.0.0.1")

    def test_an_ipv6_client_is_written_canonically(self):
        self.assertEqual(self.address("127.0.0.1", "2001:DB8:0:0::1"), "2001:db8::1")
