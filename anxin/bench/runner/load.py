"""Requests against the bench server: one page timed alone, the floor SQL timed alone, and the
concurrency run (simulated users on threads, loopback only, each bounded by a deadline)."""

import http.client
import random
import threading
import time

from .stats import percentile, server_time, summary


class Identity:
    """How one role's requests authenticate: the session cookie, or the API token."""

    def __init__(self, sessions: dict, token: str | None, cookie_name: str):
        self.sessions = sessions
        self.token = token
        self.cookie_name = cookie_name

    def headers(self, page: dict) -> dict:
        if page["auth"] == "token":
            return {"Authorization": f"Token {self.token}", "Accept": "application/json"}
        return {"Cookie": f"{self.cookie_name}={self.sessions[page['role']]}"}


def fetch(port: int, path: str, headers: dict, timeout: float = 120) -> dict:
    """One GET; the client's time covers connecting, sending and reading the whole body."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1", **headers})
        response = connection.getresponse()
        body = response.read()
        return {"status": response.status, "client_ms": (time.perf_counter() - started) * 1000,
                "server_ms": server_time(response.getheader("Server-Timing")),
                "bytes": len(body), "location": response.getheader("Location")}
    finally:
        connection.close()


def warm(port: int, pages: list, identity: Identity, rounds: int = 3):
    """Each page a few times, so both workers have loaded code, templates and connections."""
    for _ in range(rounds):
        for page in pages:
            fetch(port, page["path"], identity.headers(page))


def measure_page(port: int, page: dict, identity: Identity, requests: int) -> dict:
    """`requests` sequential GETs of one page: server and client time, size, and any response
    that was not a 200."""
    server, client, errors, size = [], [], [], None
    for _ in range(requests):
        result = fetch(port, page["path"], identity.headers(page))
        client.append(result["client_ms"])
        if result["server_ms"] is not None:
            server.append(result["server_ms"])
        if result["status"] != 200:
            errors.append({"status": result["status"], "location": result["location"]})
        size = result["bytes"]
    return {"server": summary(server), "client": summary(client), "bytes": size,
            "errors": errors[:10], "error_count": len(errors)}


def time_floor(connection, statements: list[str], params: dict, runs: int) -> dict:
    """Every statement of a floor, run `runs` times on one psycopg connection after a first
    run that warms the cache; the time of a run is that of all its statements together."""
    def once():
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement, params)
                cursor.fetchall()
        return (time.perf_counter() - started) * 1000

    once()
    rows = 0
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement, params)
            rows += len(cursor.fetchall())
    figures = summary([once() for _ in range(runs)])
    figures["rows"] = rows
    return figures


# What a working day looks like, as weights per page: workers open their caseload, lists and
# files most; supervisors their queue; the API is read by other systems now and then.
MIX = {
    "caseload": 6, "clients_worker": 5, "clients_supervisor": 2, "search_name": 3,
    "search_id": 2, "search_phone": 1, "client_file": 5, "case_page": 5, "queue": 3,
    "alerts_worker": 2, "alerts_supervisor": 1, "audit": 1, "api_clients": 1, "api_cases": 1,
    "api_alerts": 1,
}


def concurrency(port: int, pages: list, identity: Identity, users: int, seconds: float,
                seed: int = 2026) -> dict:
    """`users` threads, each looping over the weighted mix of pages, one request at a time,
    until `seconds` have passed; every non-200 is an error and listed (the first 20)."""
    weights = [MIX.get(page["name"], 1) for page in pages]
    deadline = time.monotonic() + seconds
    lock = threading.Lock()
    latencies, errors, per_page = [], [], {}

    def user(number: int):
        chooser = random.Random(seed + number)
        while time.monotonic() < deadline:
            page = chooser.choices(pages, weights)[0]
            try:
                result = fetch(port, page["path"], identity.headers(page), timeout=30)
            except OSError as exc:
                result = {"status": type(exc).__name__, "client_ms": None}
            with lock:
                if result["client_ms"] is not None:
                    latencies.append(result["client_ms"])
                    per_page.setdefault(page["name"], []).append(result["client_ms"])
                if result["status"] != 200:
                    errors.append({"page": page["name"], "status": result["status"]})

    started = time.monotonic()
    threads = [threading.Thread(target=user, args=(n,), daemon=True) for n in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    elapsed = time.monotonic() - started
    total = len(latencies) + sum(1 for e in errors if not isinstance(e["status"], int))
    return {
        "users": users, "seconds": seconds, "requests": total,
        "requests_per_second": round(total / elapsed, 1) if elapsed else None,
        "client": summary(latencies),
        "per_page_p95": {name: round(percentile(values, 95), 1)
                         for name, values in sorted(per_page.items())},
        "error_count": len(errors), "errors": errors[:20],
    }
