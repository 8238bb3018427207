from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import CareTeam, Membership, Organization, Region, User


class MembershipInline(admin.StackedInline):
    model = Membership
    fk_name = "user"


@admin.register(User)
class AnxinUserAdmin(UserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "full_name", "is_active", "is_staff"]
    fieldsets = [*UserAdmin.fieldsets, (None, {"fields": ["full_name"]})]


admin.site.register(Organization)
admin.site.register(CareTeam)
admin.site.register(Region)
