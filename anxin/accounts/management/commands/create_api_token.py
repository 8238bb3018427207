from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from anxin.accounts.actions import do_issue_api_token
from anxin.accounts.models import User


class Command(BaseCommand):
    help = "Print the API token of a user, creating it if needed (audited as api_token.issued)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(_("No user is called “%(username)s”.")
                               % {"username": username}) from None
        if not user.is_active:
            # Token authentication refuses inactive users, so a key would only mislead.
            raise CommandError(_("The user “%(username)s” is inactive.")
                               % {"username": username})
        # Only the key on stdout, so that scripts can capture it.
        self.stdout.write(do_issue_api_token(user).key)
