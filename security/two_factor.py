"""Two-factor sign-in to the admin with time-based one-time passwords (django-otp TOTP devices).

Any staff member may turn it on from their account menu. When REQUIRE_2FA_FOR_ADMINS is on,
superusers and members of the Administrators group must set it up before using the admin.
Someone with a confirmed device always enters a code after their password.
"""

import base64
from urllib.parse import urlencode

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

ADMINISTRATORS_GROUP = "Administrators"
DEVICE_NAME = "authenticator"


def two_factor_required(user):
    """Whether this user may use the admin only after setting up two-factor sign-in."""
    if not getattr(settings, "REQUIRE_2FA_FOR_ADMINS", False):
        return False
    return user.is_superuser or user.groups.filter(name=ADMINISTRATORS_GROUP).exists()


def _exempt_paths():
    # Signing in and out, the two-factor pages themselves and the admin's translation catalogue.
    return (
        reverse("wagtailadmin_login"),
        reverse("wagtailadmin_logout"),
        reverse("wagtailadmin_javascript_catalog"),
        reverse("security_two_factor_setup"),
        reverse("security_two_factor_verify"),
    )


SESSION_KEY = "security.two_factor"


def remember_two_factor_state(request, user):
    """Note in the session, at sign-in, whether this user has a device and an Administrator's role.

    The middleware then reads the session instead of querying on every admin request. A device
    set up in another browser applies to this one from its next sign-in.
    """
    request.session[SESSION_KEY] = {
        "has_device": user_has_device(user, confirmed=True),
        "administrator": user.is_superuser or user.groups.filter(name=ADMINISTRATORS_GROUP).exists(),
    }


@receiver(user_logged_in)
def _on_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        remember_two_factor_state(request, user)


class TwoFactorMiddleware:
    """Sends a signed-in admin user who has not entered a code to the verify (or set-up) page.

    Goes after django_otp.middleware.OTPMiddleware, which gives request.user.is_verified().
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        if self.admin_prefix is None:
            self.admin_prefix = reverse("wagtailadmin_home")
        user = getattr(request, "user", None)
        path = request.path_info
        if (
            user is not None
            and path.startswith(self.admin_prefix)
            and user.is_authenticated
            and not user.is_verified()
            and not path.startswith(_exempt_paths())
        ):
            if SESSION_KEY not in request.session:
                remember_two_factor_state(request, user)
            state = request.session[SESSION_KEY]
            if state["has_device"]:
                return _redirect_with_next("security_two_factor_verify", request)
            if state["administrator"] and getattr(settings, "REQUIRE_2FA_FOR_ADMINS", False):
                return _redirect_with_next("security_two_factor_setup", request)
        return self.get_response(request)


def _redirect_with_next(name, request):
    return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, request.get_host(), request.is_secure()):
        return target
    return reverse("wagtailadmin_home")


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, devices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.devices = list(devices)
        self.device = None

    def clean_token(self):
        token = self.cleaned_data["token"].strip().replace(" ", "")
        for device in self.devices:
            # TOTPDevice slows down repeated wrong guesses itself (django-otp throttling).
            if device.verify_token(token):
                self.device = device
                return token
        raise forms.ValidationError(_("This code is not valid. Check your device's clock and try again."))


class _TwoFactorFormView(WagtailAdminTemplateMixin, FormView):
    form_class = TokenForm
    header_icon = "lock"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["next"] = _next_url(self.request)
        return context

    def form_valid(self, form):
        device = form.device
        if not device.confirmed:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            remember_two_factor_state(self.request, self.request.user)
            messages.success(self.request, _("Two-factor sign-in is on for your account."))
        otp_login(self.request, device)
        return redirect(_next_url(self.request))


class TwoFactorSetupView(_TwoFactorFormView):
    """Shows a new authenticator secret (QR code and text) and confirms it with a first code."""

    template_name = "security/two_factor_setup.html"
    page_title = _("Set up two-factor sign-in")

    def dispatch(self, request, *args, **kwargs):
        if user_has_device(request.user, confirmed=True):
            return redirect(
                _next_url(request) if request.user.is_verified() else reverse("security_two_factor_verify")
            )
        self.device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
        if self.device is None:
            self.device = TOTPDevice.objects.create(user=request.user, name=DEVICE_NAME, confirmed=False)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "devices": [self.device]}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["qr_code"] = segno.make(self.device.config_url, error="m").svg_data_uri(scale=4)
        context["secret"] = base64.b32encode(self.device.bin_key).decode("ascii")
        context["required"] = two_factor_required(self.request.user)
        return context


class TwoFactorVerifyView(_TwoFactorFormView):
    """Asks for the current code after the password, once per session."""

    template_name = "security/two_factor_verify.html"
    page_title = _("Two-factor sign-in")

    def dispatch(self, request, *args, **kwargs):
        if not user_has_device(request.user, confirmed=True):
            return redirect(reverse("security_two_factor_setup"))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "devices": devices_for_user(self.request.user, confirmed=True)}
