from django.conf import settings
from rest_framework.permissions import SAFE_METHODS, BasePermission


class ReadOpenWriteAuthenticated(BasePermission):
    """Writes need a token or a logged-in session; reads are open when the setting allows."""

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS and settings.FACTCHECK_ANONYMOUS_READ:
            return True
        return bool(request.user and request.user.is_authenticated)
