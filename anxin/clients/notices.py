"""The notification messages clients send (registered in ClientsConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from anxin.notifications.messages import Message, register

from .emergency import OPENED_NOTICE

register(
    Message(OPENED_NOTICE, _("Emergency access to client %(file_number)s"),
            _("%(user)s opened this client's file by emergency access for three hours. "
              "Review the reason in the emergency access list.")),
)
