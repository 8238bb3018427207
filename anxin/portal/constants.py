"""The public self-assessment's fixed choices (PSY-measure-2) and its abuse limits."""

# The questionnaires offered to the public: low mood and anxiety, each short and self-rated.
PUBLIC_INSTRUMENTS = ("phq9", "gad7")

# The scale whose band is shown and counted, and the answers that call for help at once
# (PSY-measure-7): the severe band of either questionnaire, or PHQ-9 item 9 at 1 or more.
MAIN_SCALE = "total"
SEVERE_BAND = "severe"
SELF_HARM_FLAG = "self_harm_thoughts"
SELF_HARM_ITEM = "item_9"

# Emergency numbers shown with every result: ambulance and police.
EMERGENCY_NUMBERS = ("120", "110")

# Abuse control. A person needs well over ten seconds to read and answer seven questions; a
# script posting the page it has just fetched does not. A form left open longer than the maximum
# is sent back with the answers kept and a fresh timestamp, never thrown away.
MIN_FILL_SECONDS = 8
FORM_MAX_AGE_SECONDS = 12 * 60 * 60
# A shown form can be sent once (ADR 0014). The record of a used token is purged after the
# token's maximum age, in batches: once the oldest is this much older still.
USED_TOKEN_PURGE_SLACK_SECONDS = 60 * 60
# Submissions per client address: a burst limit counted in the shared cache (django-ratelimit),
# and a daily cap counted in the database from the keyed hash of the address. Generous, because a
# community centre's Wi-Fi or a mobile carrier's NAT puts many people behind one address.
SUBMIT_RATE = "20/h"
DAILY_CAP_PER_SOURCE = 60
RATELIMIT_GROUP = "portal.self_assessment.submit"

# How long the link to one's own result works (it also needs the same browser session).
RESULT_MAX_AGE_SECONDS = 8 * 60 * 60
SESSION_KEY = "portal_results"
SESSION_KEEP = 10

# Salts keep the signatures of the form timestamp and of the result link apart.
FORM_SALT = "anxin.portal.form-started"
RESULT_SALT = "anxin.portal.result"
SOURCE_PURPOSE = "portal.source"
# The used start tokens are kept by this keyed hash (single use, ADR 0014).
USED_TOKEN_PURPOSE = "portal.used-form-token"
