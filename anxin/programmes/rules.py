"""The limits REH sets on one training session, as a table that cites its clauses, in the
groups app's style (groups/rules.py Limit): a limit is a row here, never a branch in code.

- REH-5.5.1.3: a session lasts 45 to 60 minutes.
- REH-5.6.2: one-to-one service is same-sex in principle; when a different-sex service cannot
  be avoided, another person is present (the chaperone, 陪同人员).
- REH-5.6.3 (and REH-5.2.4.3 / 5.5.2.8, home rehabilitation by a team): at home, at least two
  staff.
- REH-4.6.2: daily services are those of a residential (全日制) centre.
"""

from anxin.groups.rules import Limit

SESSION_MINUTES = Limit(45, 60, "REH-5.5.1.3")
HOME_STAFF = Limit(2, None, "REH-5.6.3")
SAME_SEX_CLAUSE = "REH-5.6.2"
PROGRAMME_CLAUSE = "REH-5.5.2"
RESIDENT_CLAUSE = "REH-6.4.3.4"
DAILY_SERVICE_CLAUSE = "REH-4.6.2"


def within(limit: Limit, value: int) -> bool:
    return not ((limit.low is not None and value < limit.low)
                or (limit.high is not None and value > limit.high))
