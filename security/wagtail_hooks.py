"""Admin URLs and menu entries for two-factor sign-in and locked sign-ins."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django_otp import user_has_device
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import two_factor, views


@hooks.register("register_admin_urls")
def register_urls():
    return [
        path("two-factor/setup/", two_factor.TwoFactorSetupView.as_view(), name="security_two_factor_setup"),
        path(
            "two-factor/verify/", two_factor.TwoFactorVerifyView.as_view(), name="security_two_factor_verify"
        ),
        path("security/lockouts/", views.LockoutsView.as_view(), name="security_lockouts"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    if user_has_device(request.user, confirmed=True):
        return None
    return {
        "url": reverse("security_two_factor_setup"),
        "label": _("Set up two-factor sign-in"),
        "help_text": _("Ask for a code from an authenticator app after your password."),
    }


class LockoutsMenuItem(MenuItem):
    def is_shown(self, request):
        return views.can_unlock(request.user)


@hooks.register("register_settings_menu_item")
def lockouts_menu_item():
    return LockoutsMenuItem(_("Locked sign-ins"), reverse("security_lockouts"), icon_name="lock", order=620)
