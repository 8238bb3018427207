"""docs/benchmarks.md, rendered from every stored result (bench/results/*.json): the machine,
the scale, the commands, the figures against the targets, and before/after pairs."""

import json
from pathlib import Path

# The targets of the benchmark (issue "A province on one database").
SERVER_P95_MS = 50
CONCURRENT_P95_MS = 300
FLOOR_RATIO = 2.0

LABEL_ORDER = {"before": 0, "after": 1}

PAGE_TITLES = {
    "caseload": "Caseload",
    "clients_worker": "Client list",
    "clients_supervisor": "Client list",
    "search_name": "Search by name",
    "search_id": "Search by exact ID number",
    "search_phone": "Search by phone",
    "client_file": "Client file",
    "case_page": "Case page",
    "queue": "Supervisor queue",
    "alerts_worker": "Alert list",
    "alerts_supervisor": "Alert list",
    "audit": "Audit log",
    "api_clients": "API /api/v1/clients/",
    "api_cases": "API /api/v1/cases/",
    "api_alerts": "API /api/v1/alerts/",
}
ROLE_TITLES = {"worker": "worker", "supervisor": "supervisor", "org_admin": "org admin"}


def load_results(directory: Path) -> list[dict]:
    results = []
    for path in sorted(Path(directory).glob("*.json")):
        result = json.loads(path.read_text(encoding="utf-8"))
        result.setdefault("file", path.name)
        results.append(result)
    return results


def sql_ratio(page: dict) -> float | None:
    """The page's time in the database over the floor's: what the application's queries cost
    beside hand-written SQL answering the same question."""
    database_ms = page.get("database_ms")
    floor_ms = (page.get("floor_time") or {}).get("p50")
    if database_ms is None or not floor_ms:
        return None
    return round(database_ms / floor_ms, 1)


def page_verdicts(page: dict) -> dict:
    """Whether a page meets its targets: server p95 ≤ 50 ms, and a list's queries ≤ 2× its
    floor (`sql_ratio`). None where there is no figure to judge (no server time, a page that
    is not a list)."""
    p95 = (page.get("server") or {}).get("p95")
    speed = None if p95 is None else p95 <= SERVER_P95_MS
    floor = None
    if page.get("list"):
        ratio = sql_ratio(page)
        floor = None if ratio is None else ratio <= FLOOR_RATIO
    if page.get("error_count"):
        speed = False
    return {"p95": speed, "floor": floor}


def concurrency_verdict(run: dict | None) -> bool | None:
    """Under the concurrent users, p95 ≤ 300 ms at the client and no error."""
    if not run or not run.get("client", {}).get("n"):
        return None
    return run["client"]["p95"] <= CONCURRENT_P95_MS and run.get("error_count", 0) == 0


def order_key(result: dict):
    return (result.get("clients") or 0, LABEL_ORDER.get(result.get("label"), 2),
            result.get("label") or "", result.get("machine", {}).get("date") or "")


def before_after_pairs(results: list[dict]) -> list[tuple[dict, dict]]:
    """For each scale with both, the latest "before" and the latest "after" result."""
    latest = {}
    for result in sorted(results, key=lambda r: r.get("machine", {}).get("date") or ""):
        if result.get("label") in ("before", "after"):
            latest[(result.get("clients"), result["label"])] = result
    return [(latest[(n, "before")], latest[(n, "after")])
            for n in sorted({n for n, _label in latest})
            if (n, "before") in latest and (n, "after") in latest]


def _ms(value) -> str:
    if value is None:
        return "–"
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}"


def _mark(verdict) -> str:
    return {True: "met", False: "**not met**", None: "–"}[verdict]


def _size(n) -> str:
    if n is None:
        return "–"
    return f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} B"


def _page_name(page: dict) -> str:
    title = PAGE_TITLES.get(page["name"], page["name"])
    return f"{title} ({ROLE_TITLES.get(page.get('role'), page.get('role'))})"


def _result_section(result: dict) -> list[str]:
    machine = result.get("machine", {})
    scale = result.get("scale", {})
    who = result.get("identities", {})
    lines = [f"### {result.get('clients'):,} clients — “{result.get('label')}”", ""]
    commit = (machine.get("commit") or "?")[:12]
    lines.append(f"Measured {machine.get('date', '?')} on commit `{commit}`"
                 + (" (with uncommitted changes)" if machine.get("uncommitted_changes") else "")
                 + f"; `{result.get('command', '')}`"
                 + (f"; load average {machine['load_average'][0]} when it began"
                    if machine.get("load_average") else "")
                 + (f"; {workers} gunicorn workers"
                    if (workers := result.get("settings", {}).get("gunicorn_workers")) else "")
                 + ".")
    if result.get("source") and result["source"] != "this checkout":
        lines.append("The code served was an earlier checkout (`--source`), against the same "
                     "database: the earlier code on the current schema, whose newer indexes it "
                     "may use.")
    users = who.get("users", {})
    if users:
        described = ", ".join(
            f"{ROLE_TITLES.get(role, role)} `{u['username']}`"
            + (f" (sees {u['sees']:,} cases)" if u.get("sees") is not None else "")
            for role, u in users.items())
        lines.append(f"Organisation {who.get('organization', {}).get('id')} (the largest, "
                     f"{who.get('organization', {}).get('clients', 0):,} clients): {described}.")
    rows = scale.get("rows", {})
    if rows:
        lines += ["", "Scale: " + ", ".join(f"{table} {count:,}" for table, count in rows.items())
                  + f"; database {scale.get('database_size', '?')}."]
    lines += ["", "| page (user) | server p50 / p95 ms | client p50 / p95 ms | queries "
              "| in SQL ms | size | floor p50 ms | SQL ratio | server ratio | p95 ≤ 50 ms "
              "| list ≤ 2× floor |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |"]
    for page in result.get("pages", []):
        verdict = page_verdicts(page)
        server, client = page.get("server", {}), page.get("client", {})
        floor = page.get("floor_time", {})
        errors = f" ({page['error_count']} errors)" if page.get("error_count") else ""
        lines.append(
            f"| {_page_name(page)}{errors} | {_ms(server.get('p50'))} / {_ms(server.get('p95'))} "
            f"| {_ms(client.get('p50'))} / {_ms(client.get('p95'))} | {page.get('queries', '–')} "
            f"| {_ms(page.get('database_ms'))} | {_size(page.get('bytes'))} "
            f"| {_ms(floor.get('p50'))} "
            f"| {_ratio(sql_ratio(page))} | {_ratio(page.get('ratio'))} "
            f"| {_mark(verdict['p95'])} | {_mark(verdict['floor'])} |")
    run = result.get("concurrency")
    if run:
        client = run.get("client", {})
        lines += ["", f"Under {run['users']} concurrent users for {run['seconds']:.0f} s: "
                  f"{run.get('requests_per_second')} requests/s, client p50 "
                  f"{_ms(client.get('p50'))} ms, p95 {_ms(client.get('p95'))} ms, max "
                  f"{_ms(client.get('max'))} ms, {run.get('error_count', 0)} errors — "
                  f"p95 ≤ 300 ms with no errors: {_mark(concurrency_verdict(run))}."]
        if run.get("errors"):
            listed = ", ".join(f"{e['page']} {e['status']}" for e in run["errors"])
            lines.append(f"Errors (first {len(run['errors'])}): {listed}.")
    return lines + [""]


def _ratio(value) -> str:
    return "–" if value is None else f"{value:g}"


def _pair_section(before: dict, after: dict) -> list[str]:
    lines = [f"### {before.get('clients'):,} clients", "",
             "| page (user) | before p50 / p95 ms | after p50 / p95 ms | queries before → after "
             "| SQL ratio before → after |", "| --- | ---: | ---: | ---: | ---: |"]
    after_pages = {page["name"]: page for page in after.get("pages", [])}
    for page in before.get("pages", []):
        other = after_pages.get(page["name"])
        if other is None:
            continue
        b, a = page.get("server", {}), other.get("server", {})
        lines.append(f"| {_page_name(page)} | {_ms(b.get('p50'))} / {_ms(b.get('p95'))} "
                     f"| {_ms(a.get('p50'))} / {_ms(a.get('p95'))} "
                     f"| {page.get('queries', '–')} → {other.get('queries', '–')} "
                     f"| {_ratio(sql_ratio(page))} → {_ratio(sql_ratio(other))} |")
    b, a = before.get("concurrency") or {}, after.get("concurrency") or {}
    if b and a:
        lines.append(f"| {b['users']} concurrent users (client p95 ms, requests/s) "
                     f"| {_ms(b['client'].get('p95'))}, {b.get('requests_per_second')}/s "
                     f"| {_ms(a['client'].get('p95'))}, {a.get('requests_per_second')}/s | | |")
    return lines + [""]


def demote_headings(markdown: str) -> str:
    """Headings shifted (outside code blocks) so that the text's top level is a section of this
    page (##), whatever level another page gave it."""
    lines, fenced, levels = markdown.splitlines(), False, []
    for line in lines:
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and line.startswith("#"):
            levels.append(len(line) - len(line.lstrip("#")))
    shift = 2 - min(levels) if levels else 0
    out, fenced = [], False
    for line in lines:
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and line.startswith("#"):
            line = "#" * shift + line if shift >= 0 else line[-shift:]
        out.append(line)
    return "\n".join(out)


def render(results: list[dict], generator: str | None = None) -> str:
    results = sorted(results, key=order_key)
    latest = max(results, key=lambda r: r.get("machine", {}).get("date") or "", default={})
    machine = latest.get("machine", {})
    lines = [
        "# Benchmarks", "",
        "Rendered by `manage.py bench --write-docs` from every result in `bench/results/`; "
        "do not edit by hand. Speed is claimed from these figures, never from a timed test.", "",
        "## How they are measured", "",
        "- `make bench BENCH_ARGS=\"--clients N\"` (PostgreSQL only) builds the province with "
        "`manage.py generate_province` when the bench database (`anxin_bench_<N>`) has fewer "
        "clients, then serves the code with gunicorn as deployed (`config/gunicorn.conf.py`: "
        "sync workers, 2 × cores + 1 of them unless `--web-workers` says otherwise — each "
        "result gives its count; `config/settings/bench.py`: the production settings with "
        "DEBUG off and Redis, over loopback HTTP) on a free port "
        "of 127.0.0.1, warms every page, and requests each page one at a time.",
        "- **Server time** is the application's own time from the `Server-Timing` header; "
        "**client time** adds the loopback round trip and reading the body.",
        "- **Queries** are counted in-process with Django's test client and "
        "`CaptureQueriesContext`, with the same settings and database.",
        "- **In SQL**: the page's queries' own time (median of five in-process requests): "
        "what of the server time is spent in the database; the rest is Python (the view, "
        "its forms and templates).",
        "- **Floor**: the raw SQL answering the page's question "
        "(`anxin/bench/runner/floors.py`), timed with psycopg, p50 over the same number of "
        "runs. **SQL ratio** = in SQL / floor p50: what the page's own queries cost beside "
        "hand-written SQL for the same rows — the target \"each list ≤ 2× its raw-SQL floor\" is "
        "judged on it. **Server ratio** = server p50 / floor p50, shown beside it: every "
        "request also pays a fixed 10–15 ms of Python whatever it lists (session, sign-in, "
        "middleware, the page's frame), so against floors of one to three milliseconds no "
        "rendered page comes near 2× on that measure.",
        "- The users are the busiest worker and supervisor of the largest organisation (the "
        "worst case) and its org admin, signed in as the sign-in leaves a session (a verified "
        "authenticator for the roles that need one); the API is called with an API token.",
        "- **Concurrency**: simulated users on threads, each looping over a weighted mix of "
        "the pages (caseload, lists and files most) for a fixed time, signed in as the same "
        "three users; every response that is not a 200 is an error.",
        "- Before and after a change: serve the earlier code from a checkout of it against "
        "the same database, e.g. `git archive <commit> | tar -x -C DIR`, then `manage.py bench "
        "--clients N --label before --source DIR --source-commit <commit>`, and `--label "
        "after` for the current code.",
        "- The machine is shared with other work at times: each result gives the load average "
        "when it began, and figures taken under load are slower than the machine alone.",
        "",
        "## Targets", "",
        f"- p95 ≤ {SERVER_P95_MS} ms server time for every page and endpoint below;",
        f"- under 20 concurrent users, p95 ≤ {CONCURRENT_P95_MS} ms at the client with no errors;",
        f"- each list ≤ {FLOOR_RATIO:g}× its raw-SQL floor.", "",
        "## Machine", "",
    ]
    if machine:
        lines += [f"- {machine.get('nproc')} cores ({machine.get('cpu') or 'unknown CPU'}), "
                  f"{machine.get('memory_gb')} GB RAM; {machine.get('os')}",
                  f"- PostgreSQL {machine.get('postgresql')}, Python {machine.get('python')}", ""]
    else:
        lines += ["No results yet.", ""]
    lines += ["## Results", ""]
    for result in results:
        lines += _result_section(result)
    pairs = before_after_pairs(results)
    if pairs:
        lines += ["## Before and after", ""]
        for before, after in pairs:
            lines += _pair_section(before, after)
    if generator:
        lines += [demote_headings(generator.strip()), ""]
    return "\n".join(lines).rstrip() + "\n"
