from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from claims.api.views import NoSuchEndpoint

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("api/", include("claims.api.urls")),
    # Any other path under api/ is answered as the API answers: JSON, not Django's HTML page.
    # Only paths ending in a slash, so a path without one still gets APPEND_SLASH's redirect.
    re_path(r"^api/(?:[\s\S]*/)?\Z", NoSuchEndpoint.as_view()),
]
