"""Accounts in the Django admin are read-only: every change of a member, a team or an
organisation goes through the actions of anxin.staff (with their checks and audit events), on
the staff pages, the API and the platform admin's organisation page."""

from django.contrib import admin
from knox.models import AuthToken as KnoxAuthToken

from .models import ApiToken, Membership, Organization, Region, Team, User


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MembershipInline(admin.StackedInline):
    model = Membership
    fk_name = "user"
    fields = ["organization", "role", "team", "region", "is_active", "deactivated_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(User)
class AnxinUserAdmin(ReadOnlyAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "full_name", "is_active", "last_login"]
    search_fields = ["username", "full_name"]
    fields = ["username", "full_name", "is_active", "is_superuser", "last_login", "date_joined"]
    readonly_fields = fields


@admin.register(Organization)
class OrganizationAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "kind", "district", "hospital_grade", "bed_count"]


@admin.register(Team)
class TeamAdmin(ReadOnlyAdmin):
    list_display = ["name", "organization", "supervisor"]


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "level"]
    search_fields = ["code", "name"]


# knox registers its own token model, which accounts.ApiToken replaces (KNOX_TOKEN_MODEL): that
# page would have no table behind it. The tokens are listed read-only here; they are issued by
# the create_api_token command (audited) and revoked by the staff actions.
if admin.site.is_registered(KnoxAuthToken):
    admin.site.unregister(KnoxAuthToken)


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ["name", "user", "token_key", "created", "expiry"]
    fields = list_display
    readonly_fields = list_display
    search_fields = ["name", "user__username", "token_key"]


# Signing in at /admin/login/ is the ordinary sign-in: the same audit events, limits and second
# factor, instead of Django admin's own form, which would skip all three.
def _admin_login(request, extra_context=None):
    from .views import admin_login

    return admin_login(request, extra_context)


admin.site.login = _admin_login
