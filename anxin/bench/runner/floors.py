"""The floor of each page: the raw SQL that answers the same question as the page, written as
directly as PostgreSQL allows, so that a page's server time can be compared with the least any
implementation could spend in the database (ratio = page p50 / floor p50).

Each floor is a list of statements (a page answering several questions, such as the supervisor
queue, has one per section) with named parameters filled from the bench identities (see
`probe.py`): `org`, `user` (the page's user), `limit`, and the page's own values. The first
column of every statement is the id of the row the page lists, which the tests compare with the
app's querysets.

A page of rows is cut to its length before the joins that only fetch what it shows, so those
run for the rows shown alone. The floors run on the schema as it is: a missing index slows the
floor as well as the page.
"""

# The clients a worker sees: those they registered, those they hold a case of, and running
# break-the-glass openings; always within their organisation (clients.models.visible_to).
WORKER_VISIBLE = """
    SELECT id FROM clients_client
     WHERE organization_id = %(org)s AND registered_by_id = %(user)s
    UNION
    SELECT client_id FROM cases_case
     WHERE organization_id = %(org)s AND worker_id = %(user)s
    UNION
    SELECT client_id FROM clients_emergencyaccess
     WHERE user_id = %(user)s AND expires_at > now()
"""

# The members of the teams a supervisor supervises.
TEAM = """
    SELECT m.user_id FROM accounts_membership m JOIN accounts_team t ON t.id = m.team_id
     WHERE t.supervisor_id = %(user)s
"""

# A supervisor's clients: their own and their team's registrations, the cases they hold or
# supervise or their team's workers hold, and running openings.
# Each branch of the UNION is one index lookup (an OR across columns would scan instead).
SUPERVISOR_VISIBLE = f"""
    SELECT id FROM clients_client
     WHERE organization_id = %(org)s AND registered_by_id = %(user)s
    UNION
    SELECT id FROM clients_client
     WHERE organization_id = %(org)s AND registered_by_id IN ({TEAM})
    UNION
    SELECT client_id FROM cases_case
     WHERE organization_id = %(org)s AND worker_id = %(user)s
    UNION
    SELECT client_id FROM cases_case
     WHERE organization_id = %(org)s AND supervisor_id = %(user)s
    UNION
    SELECT client_id FROM cases_case
     WHERE organization_id = %(org)s AND worker_id IN ({TEAM})
    UNION
    SELECT client_id FROM clients_emergencyaccess
     WHERE user_id = %(user)s AND expires_at > now()
"""

# A supervisor's cases: held, supervised, or held by a worker of their teams.
SUPERVISOR_CASES = f"""
    SELECT id FROM cases_case WHERE organization_id = %(org)s AND worker_id = %(user)s
    UNION
    SELECT id FROM cases_case WHERE organization_id = %(org)s AND supervisor_id = %(user)s
    UNION
    SELECT id FROM cases_case WHERE organization_id = %(org)s AND worker_id IN ({TEAM})
"""


def _client_page(visible: str, condition: str = "TRUE") -> str:
    """The first page of the clients `visible` names that meet `condition`, in the list's order
    (newest registration first), with the district and street the list shows."""
    return f"""
        SELECT c.id, c.name, c.file_number, c.sex, c.birth_date, d.name, s.name
          FROM (SELECT * FROM clients_client c
                 WHERE c.organization_id = %(org)s AND c.id IN ({visible}) AND ({condition})
                 ORDER BY c.created_at DESC, c.id DESC
                 LIMIT %(limit)s) c
          LEFT JOIN accounts_region d ON d.code = c.district_id
          LEFT JOIN accounts_region s ON s.code = c.street_id
         ORDER BY c.created_at DESC, c.id DESC
    """


# The alerts not resolved (the list's and the API's default), most urgent first: for a
# worker, those addressed to them or about a client they see; for the roles that answer for
# every alert of the organisation (a supervisor's among them), all of its alerts.
WORKER_ALERTS = f"""(a.worker_id = %(user)s OR a.supervisor_id = %(user)s
                     OR a.client_id IN ({WORKER_VISIBLE}))"""


def _alert_page(condition: str) -> str:
    return f"""
        SELECT a.id, a.urgency, a.status, a.raised_at, c.name
          FROM (SELECT a.*,
                       CASE a.status WHEN 'open' THEN 0 WHEN 'acknowledged' THEN 1 ELSE 2 END
                       AS status_rank
                  FROM safety_alert a
                 WHERE a.organization_id = %(org)s AND a.status <> 'resolved' AND {condition}
                 ORDER BY status_rank, a.urgency DESC, a.raised_at, a.id
                 LIMIT %(limit)s) a
          LEFT JOIN clients_client c ON c.id = a.client_id
         ORDER BY a.status_rank, a.urgency DESC, a.raised_at, a.id
    """


FLOORS: dict[str, list[str]] = {
    # Caseload: the worker's first 25 cases in an active stage, nearest deadline first.
    "caseload": ["""
        SELECT k.id, k.case_number, k.stage, k.due_on, c.name, c.file_number
          FROM (SELECT * FROM cases_case k
                 WHERE k.organization_id = %(org)s AND k.worker_id = %(user)s
                   AND k.stage = ANY(%(stages)s)
                 ORDER BY k.due_on ASC NULLS LAST, k.stage_changed_at DESC
                 LIMIT %(limit)s) k
          JOIN clients_client c ON c.id = k.client_id
         ORDER BY k.due_on ASC NULLS LAST, k.stage_changed_at DESC
    """],
    # Client list: the first 25 clients the worker sees, newest first.
    "clients_worker": [_client_page(WORKER_VISIBLE)],
    # Client list: the first 25 clients the supervisor sees, newest first.
    "clients_supervisor": [_client_page(SUPERVISOR_VISIBLE)],
    # Search by name: the worker's clients whose name contains the words typed.
    "search_name": [_client_page(WORKER_VISIBLE, "c.name ILIKE '%%' || %(name)s || '%%'")],
    # Search by exact ID number: the one client with that blind index, if the worker sees it.
    "search_id": [_client_page(WORKER_VISIBLE, "c.id_number_index = %(id_index)s")],
    # Search by phone: the clients with that phone's blind index whom the worker sees.
    "search_phone": [_client_page(WORKER_VISIBLE, "c.phone_index = %(phone_index)s")],
    # Client file: the client's row (all of it: the file shows every field), if the worker
    # sees it, with their contacts and cases.
    "client_file": [
        f"""SELECT c.* FROM clients_client c
             WHERE c.id = %(client)s AND c.organization_id = %(org)s
               AND c.id IN ({WORKER_VISIBLE})""",
        "SELECT id, kind, name, phone FROM clients_contact WHERE client_id = %(client)s",
        """SELECT id, case_number, stage FROM cases_case
            WHERE client_id = %(client)s AND organization_id = %(org)s""",
    ],
    # Case page: the case with its client, if it is the worker's, and its timeline.
    "case_page": [
        """SELECT k.*, c.name, c.file_number FROM cases_case k
             JOIN clients_client c ON c.id = k.client_id
            WHERE k.id = %(case)s AND k.organization_id = %(org)s AND k.worker_id = %(user)s""",
        "SELECT id, at, from_stage, to_stage FROM cases_stagechange WHERE case_id = %(case)s",
    ],
    # Supervisor queue, one statement per section, each capped at 50 rows: plans awaiting the
    # supervisor's approval (not of their own cases), closing forms likewise, the team's
    # overdue active cases, and referrals sent to the organisation awaiting an answer.
    "queue": [
        f"""SELECT p.id, p.updated_at, k.case_number, c.name FROM cases_serviceplan p
              JOIN cases_case k ON k.id = p.case_id JOIN clients_client c ON c.id = k.client_id
             WHERE p.status = 'submitted' AND k.worker_id <> %(user)s
               AND p.case_id IN ({SUPERVISOR_CASES})
             ORDER BY p.updated_at LIMIT 50""",
        f"""SELECT p.id, p.updated_at, k.case_number, c.name FROM cases_closure p
              JOIN cases_case k ON k.id = p.case_id JOIN clients_client c ON c.id = k.client_id
             WHERE p.status = 'submitted' AND k.worker_id <> %(user)s
               AND p.case_id IN ({SUPERVISOR_CASES})
             ORDER BY p.updated_at LIMIT 50""",
        f"""SELECT k.id, k.due_on, k.case_number, c.name FROM cases_case k
              JOIN clients_client c ON c.id = k.client_id
             WHERE k.id IN ({SUPERVISOR_CASES}) AND k.stage = ANY(%(stages)s)
               AND k.due_on < %(today)s
             ORDER BY k.due_on LIMIT 50""",
        """SELECT r.id, r.created_at FROM cases_referral r
            WHERE r.to_organization_id = %(org)s AND r.status = 'sent'
            ORDER BY r.created_at LIMIT 50""",
    ],
    # Alert list (and the API's first page): the worker's open alerts, most urgent first.
    "alerts_worker": [_alert_page(WORKER_ALERTS)],
    # Alert list of a supervisor: every open alert of the organisation.
    "alerts_supervisor": [_alert_page("TRUE")],
    # Audit log: the organisation's latest 50 events with who did them and the client's file
    # number (no total count: the page needs none to show the first page).
    "audit": ["""
        SELECT e.id, e.occurred_at, e.action, u.username, c.file_number
          FROM audit_auditevent e
          LEFT JOIN accounts_user u ON u.id = e.actor_id
          LEFT JOIN clients_client c ON c.id = e.client_id
         WHERE e.organization_id = %(org)s
         ORDER BY e.occurred_at DESC, e.id DESC
         LIMIT %(limit)s
    """],
    # API cases: the first 25 of the worker's cases in any stage, newest first.
    "api_cases": ["""
        SELECT k.id, k.case_number, k.stage, c.name
          FROM (SELECT * FROM cases_case k
                 WHERE k.organization_id = %(org)s AND k.worker_id = %(user)s
                 ORDER BY k.created_at DESC, k.id DESC
                 LIMIT %(limit)s) k
          JOIN clients_client c ON c.id = k.client_id
         ORDER BY k.created_at DESC, k.id DESC
    """],
}


def run(cursor, name: str, params: dict) -> list[list]:
    """Each statement's rows, for the tests; timing goes through `time_floor`."""
    results = []
    for statement in FLOORS[name]:
        cursor.execute(statement, params)
        results.append(cursor.fetchall())
    return results
