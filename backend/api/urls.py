"""URLs of ``/api/v1/``. Trailing slashes are optional everywhere, so a POST is never redirected."""

from __future__ import annotations

from django.urls import re_path
from rest_framework.routers import SimpleRouter

from backend.alerts.views import AlertChannelViewSet, AlertIncidentViewSet, AlertRuleViewSet
from backend.api import auth_views, catalog_views, expression_views, version_views
from backend.api.connection_views import ConnectionViewSet
from backend.api.deadletter_groups import (
    DeadLetterGroupDiscardView,
    DeadLetterGroupRetryView,
    DeadLetterGroupsView,
)
from backend.api.deadletter_views import DeadLetterViewSet, ReplayView
from backend.api.limit_views import ConnectionLimitsView
from backend.api.problems import api_not_found
from backend.api.run_views import RunViewSet
from backend.api.workflow_views import WorkflowViewSet
from backend.bindings.urls import urlpatterns as binding_urls
from backend.designer.template_views import TemplateInstallView, TemplateListView
from backend.insights.urls import urlpatterns as insight_urls
from backend.monitoring import api_views as monitoring_views

router = SimpleRouter()
router.trailing_slash = "/?"
router.register("workflows", WorkflowViewSet, basename="workflow")
router.register("runs", RunViewSet, basename="run")
router.register("connections", ConnectionViewSet, basename="connection")
router.register("dead-letters", DeadLetterViewSet, basename="dead-letter")
router.register("alert-channels", AlertChannelViewSet, basename="alert-channel")
router.register("alert-rules", AlertRuleViewSet, basename="alert-rule")
router.register("alert-incidents", AlertIncidentViewSet, basename="alert-incident")

UUID = r"[0-9a-fA-F-]{32,36}"

urlpatterns = [
    re_path(r"^auth/csrf/?$", auth_views.CsrfView.as_view(), name="auth-csrf"),
    re_path(r"^auth/login/?$", auth_views.LoginView.as_view(), name="auth-login"),
    re_path(r"^auth/logout/?$", auth_views.LogoutView.as_view(), name="auth-logout"),
    re_path(r"^auth/me/?$", auth_views.MeView.as_view(), name="auth-me"),
    re_path(r"^auth/token/?$", auth_views.TokenView.as_view(), name="auth-token"),
    re_path(
        rf"^workflows/(?P<workflow_id>{UUID})/versions/?$",
        version_views.VersionListView.as_view(),
        name="workflow-versions",
    ),
    re_path(
        rf"^workflows/(?P<workflow_id>{UUID})/versions/(?P<number>[0-9]+)/?$",
        version_views.VersionDetailView.as_view(),
        name="workflow-version",
    ),
    re_path(r"^node-types/?$", catalog_views.NodeTypesView.as_view(), name="node-types"),
    re_path(
        r"^credential-types/?$",
        catalog_views.CredentialTypesView.as_view(),
        name="credential-types",
    ),
    re_path(
        r"^workflow-schema/?$", catalog_views.WorkflowSchemaView.as_view(), name="workflow-schema"
    ),
    re_path(
        r"^expressions/evaluate/?$", expression_views.EvaluateView.as_view(), name="expressions"
    ),
    re_path(r"^stats/overview/?$", monitoring_views.StatsOverviewView.as_view(), name="stats"),
    re_path(
        r"^connections/health/?$",
        monitoring_views.ConnectionsHealthView.as_view(),
        name="connections-health",
    ),
    re_path(
        rf"^connections/(?P<pk>{UUID})/health/?$",
        monitoring_views.ConnectionHealthView.as_view(),
        name="connection-health",
    ),
    re_path(
        rf"^connections/(?P<pk>{UUID})/check/?$",
        monitoring_views.ConnectionCheckView.as_view(),
        name="connection-check",
    ),
    re_path(
        rf"^connections/(?P<pk>{UUID})/pause/?$",
        monitoring_views.ConnectionPauseView.as_view(paused=True),
        name="connection-pause",
    ),
    re_path(
        rf"^connections/(?P<pk>{UUID})/resume/?$",
        monitoring_views.ConnectionPauseView.as_view(paused=False),
        name="connection-resume",
    ),
    re_path(rf"^runs/(?P<run_id>{UUID})/replay/?$", ReplayView.as_view(), name="run-replay"),
    re_path(
        rf"^connections/(?P<pk>{UUID})/limits/?$",
        ConnectionLimitsView.as_view(),
        name="connection-limits",
    ),
    re_path(r"^templates/?$", TemplateListView.as_view(), name="templates"),
    re_path(
        r"^templates/(?P<name>[a-z0-9_]+)/install/?$",
        TemplateInstallView.as_view(),
        name="template-install",
    ),
    re_path(r"^dead-letters/groups/?$", DeadLetterGroupsView.as_view(), name="dead-letter-groups"),
    re_path(
        r"^dead-letters/groups/retry/?$",
        DeadLetterGroupRetryView.as_view(),
        name="dead-letter-group-retry",
    ),
    re_path(
        r"^dead-letters/groups/discard/?$",
        DeadLetterGroupDiscardView.as_view(),
        name="dead-letter-group-discard",
    ),
    *binding_urls,
    *insight_urls,
    *router.urls,
    # Anything else under /api/ is a problem body, not the single-page app's HTML.
    re_path(r"^.*$", api_not_found),
]
