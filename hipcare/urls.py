from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from hipcare import views
from hipcare.auth import AdminSignInForm

admin.site.login_form = AdminSignInForm
handler404 = views.page_not_found

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("exercises/", include("exercises.urls")),
    path("routines/", include("routines.urls")),
    path("r/", include("routines.share_urls")),
    path("triage/", include("triage.urls")),
    # Sign-in, sign-out and changing your own password. No self-service password reset: HipCare
    # sends no email, so an admin resets a coach's password in Django admin.
    path("accounts/login/", views.SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password_change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("admin/", admin.site.urls),
]
