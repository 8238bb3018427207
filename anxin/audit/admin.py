from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the admin can browse the trail but never add, change or delete an event."""

    list_display = ["occurred_at", "actor_label", "action", "organization", "target_type",
                    "target_id", "ip"]
    list_filter = ["action", "organization"]
    search_fields = ["actor_label", "action", "target_id", "request_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        return {}
