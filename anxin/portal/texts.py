"""What the public pages say about each questionnaire and each band, and why a submission was
refused. Written for a person alone with a phone: plain, gentle, never a diagnosis."""

from django.utils.translation import gettext_lazy as _

from .guard import Refusal

SHORT_NAMES = {"phq9": "PHQ-9", "gad7": "GAD-7"}

TOPICS = {
    "phq9": {
        "title": _("Mood"),
        "summary": _("9 questions about low mood, interest, sleep and energy over the last two "
                     "weeks."),
    },
    "gad7": {
        "title": _("Anxiety"),
        "summary": _("7 questions about worry, nervousness and restlessness over the last two "
                     "weeks."),
    },
}

# Both questionnaires ask about the same span of time with the same four answers.
STEM = _("Over the last 2 weeks, how often have you been bothered by the following problems?")

# (instrument, band) → (what the score suggests, what may help).
ADVICE = {
    ("phq9", "minimal"): (
        _("Your answers suggest few or no signs of low mood."),
        _("Keep doing what helps you feel well: regular sleep and meals, some activity every day "
          "and time with people you like. If things change, you can take this questionnaire "
          "again."),
    ),
    ("phq9", "mild"): (
        _("Your answers suggest some mild signs of low mood."),
        _("Many people go through times like this, especially when life is stressful. A regular "
          "daily routine, enough sleep, moving your body and staying in touch with others often "
          "help. If it lasts more than two weeks or gets worse, talking to a social worker, a "
          "counsellor or a doctor can help."),
    ),
    ("phq9", "moderate"): (
        _("Your answers suggest moderate signs of low mood."),
        _("It may help to talk with someone about how you feel. A social worker or counsellor can "
          "listen and help you find support, and a doctor can check whether other help would be "
          "useful. You do not have to wait until things get worse."),
    ),
    ("phq9", "moderately_severe"): (
        _("Your answers suggest quite strong signs of low mood."),
        _("We encourage you to look for support soon: a doctor, a psychological counselling "
          "service or a social worker. Asking for help is a sign of strength, and help works "
          "better early."),
    ),
    ("phq9", "severe"): (
        _("Your answers suggest strong signs of low mood."),
        _("Please look for help soon, today if you can: a doctor, a mental-health service or one "
          "of the help lines on this page. You do not have to go through this alone."),
    ),
    ("gad7", "minimal"): (
        _("Your answers suggest few or no signs of anxiety."),
        _("Keep doing what helps you stay calm and well: regular sleep, some activity every day "
          "and time with people you like. If things change, you can take this questionnaire "
          "again."),
    ),
    ("gad7", "mild"): (
        _("Your answers suggest some mild signs of anxiety."),
        _("Worry and tension are common in difficult times. Slow breathing, a regular routine, "
          "moving your body and less time with worrying news often help. If it lasts or grows, "
          "talking to someone can help."),
    ),
    ("gad7", "moderate"): (
        _("Your answers suggest moderate signs of anxiety."),
        _("It may help to talk with someone about what worries you. A social worker or counsellor "
          "can listen and help you find ways to cope, and a doctor can check whether other help "
          "would be useful."),
    ),
    ("gad7", "severe"): (
        _("Your answers suggest strong signs of anxiety."),
        _("Please look for help soon: a doctor, a mental-health service or one of the help lines "
          "on this page. Strong anxiety can be treated, and you do not have to face it alone."),
    ),
}

NOT_A_DIAGNOSIS = _("This is not a diagnosis. Only a doctor or a qualified mental-health "
                    "professional can make one. The questionnaire shows how you have felt over "
                    "the last two weeks, and that can change.")

REFUSALS = {
    Refusal.RATE_LIMITED: _("Many questionnaires have been sent from your network in a short "
                            "time, so this one was not saved. Please try again later."),
    Refusal.HONEYPOT: _("Your answers could not be sent. Please check them and send them "
                        "again."),
    Refusal.TOO_FAST: _("That was quicker than anyone can read the questions, so nothing was "
                        "saved. Please check your answers and send them again."),
    Refusal.EXPIRED: _("This page was open for a long time, so nothing was saved yet. Your "
                       "answers are still here: please check them and send them again."),
    Refusal.TAMPERED: _("Your answers could not be sent. Please check them and send them "
                        "again."),
}

# The shown form was sent before, from another browser or by a replayed post (ADR 0014).
ALREADY_SENT = _("This questionnaire was already sent, so it was not saved again. To answer "
                 "it again, start a new one.")
