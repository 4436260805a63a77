from rest_framework.routers import DefaultRouter

from claims.api.views import ClaimViewSet, DocumentViewSet, SourceViewSet

router = DefaultRouter()
router.register("documents", DocumentViewSet, basename="document")
router.register("claims", ClaimViewSet, basename="claim")
router.register("sources", SourceViewSet, basename="source")

urlpatterns = router.urls
