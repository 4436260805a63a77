"""Per-user throttling of writes; reads are never throttled here.

The rate comes from settings.FACTCHECK_WRITE_THROTTLE (e.g. "600/min"); unset means no limit.
"""

from __future__ import annotations

from django.conf import settings
from rest_framework.permissions import SAFE_METHODS
from rest_framework.throttling import UserRateThrottle


class WriteRateThrottle(UserRateThrottle):
    scope = "writes"

    def get_rate(self) -> str | None:
        return getattr(settings, "FACTCHECK_WRITE_THROTTLE", None) or None

    def allow_request(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        # The rate is read per request so that a changed setting takes effect at once.
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)
