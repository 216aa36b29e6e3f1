"""Users and groups: only superusers may see, create or change them.

An editor who could edit users could give themselves any permission, so the
stock admin's model permissions are not enough here.
"""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User


class SuperuserOnly:
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request, *args):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class NewsroomUserAdmin(SuperuserOnly, UserAdmin):
    pass


@admin.register(Group)
class NewsroomGroupAdmin(SuperuserOnly, GroupAdmin):
    pass
