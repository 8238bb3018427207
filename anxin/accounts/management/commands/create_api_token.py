from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from anxin.accounts.actions import api_token_lifetime, do_issue_api_token
from anxin.accounts.models import User


class Command(BaseCommand):
    help = ("Issue a new named API token for a user and print its key, this once: only a digest "
            "is stored (audited as api_token.issued).")

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", required=True,
                            help="What the token is for, e.g. the system that will use it.")
        parser.add_argument("--days", type=int, default=None,
                            help=f"Days until it expires (default "
                                 f"{api_token_lifetime().days}).")

    def handle(self, *args, username, name, days, **options):
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(_("No user is called “%(username)s”.")
                               % {"username": username}) from None
        if not user.is_active:
            # Token authentication refuses inactive users, so a key would only mislead.
            raise CommandError(_("The user “%(username)s” is inactive.")
                               % {"username": username})
        if days is not None and not 1 <= days <= 366:
            raise CommandError(_("--days must be between 1 and 366."))
        import datetime

        lifetime = datetime.timedelta(days=days) if days else None
        try:
            token, key = do_issue_api_token(user, name=name, lifetime=lifetime)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        # Only the key on stdout, so that scripts can capture it; the rest goes to stderr.
        self.stdout.write(key)
        self.stderr.write(_("Token “%(name)s” for %(username)s expires on %(expiry)s. The key "
                            "is not stored and cannot be shown again.") % {
                                "name": token.name, "username": username,
                                "expiry": token.expiry.date().isoformat()})
