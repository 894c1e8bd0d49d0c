from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1", include("netwerkkaart.api.urls")),
]
urlpatterns += i18n_patterns(
    path("beheer/", admin.site.urls),
    path("", include("netwerkkaart.exports.urls")),
    path("", include("netwerkkaart.imports.urls")),
    path("", include("netwerkkaart.indicators.urls")),
    path("", include("netwerkkaart.enquiries.urls")),
    path("", include("netwerkkaart.insights.urls")),
    path("", include("netwerkkaart.reports.urls")),
    path("", include("netwerkkaart.web.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:  # pragma: no cover - development convenience only
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
