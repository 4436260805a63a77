from django.conf import settings
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import SAFE_METHODS, BasePermission


class ReadOpenWriteAuthenticated(BasePermission):
    """Writes need an API token or a logged-in staff session; reads are open when allowed.

    A browser session alone is not enough to write unless it belongs to staff: API clients
    are given tokens, and the admin's users are staff.
    """

    message = "writing needs an API token or a logged-in staff session"

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS and settings.FACTCHECK_ANONYMOUS_READ:
            return True
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if request.method in SAFE_METHODS:
            return True
        if isinstance(request.successful_authenticator, SessionAuthentication):
            return bool(user.is_staff)
        return True


class CanReview(BasePermission):
    """A reviewer: a user granted claims.add_review (superusers have every permission)."""

    message = "recording a decision needs a reviewer account"

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.has_perm("claims.add_review"))


class CanRegisterSources(BasePermission):
    """Registering a source is an administrator's job, not a reviewer's or an API client's."""

    message = "registering a source needs the permission to add sources"

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.has_perm("claims.add_source"))
