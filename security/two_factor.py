"""Two-factor sign-in with time-based one-time passwords (django-otp TOTP devices).

Any staff member may turn it on from their account menu. With REQUIRE_2FA_FOR_ADMINS, superusers
and members of the Administrators group must set it up before going further; with
REQUIRE_2FA_FOR_STAFF, everyone who may use the admin must. Someone with a confirmed device
always enters a code after their password, whichever sign-in form they used (the admin's, or the
public one of login-restricted pages): until then, every page but the sign-in and two-factor
pages sends them to the code form.
"""

import base64
from functools import cache, wraps
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
from django.utils.translation import override
from django.views.generic import FormView
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

SESSION_KEY = "security.two_factor"


def _state(user):
    """Whether `user` has a device, and their role: noted in the session at sign-in, so that
    require_two_factor reads the session instead of querying on every request. A device set up
    in another browser applies to this one from its next sign-in."""
    return {
        "has_device": user_has_device(user, confirmed=True),
        "administrator": user.is_superuser or user.groups.filter(name="Administrators").exists(),
        "staff": user.is_superuser or user.has_perm("wagtailadmin.access_admin"),
    }


def _required(state):
    """Whether a user in this state may go on only after setting up two-factor sign-in."""
    if getattr(settings, "REQUIRE_2FA_FOR_STAFF", False) and (state["staff"] or state["administrator"]):
        return True
    return bool(getattr(settings, "REQUIRE_2FA_FOR_ADMINS", False) and state["administrator"])


@receiver(user_logged_in)
def _on_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = _state(user)


@cache
def _exempt_paths():
    # Signing in and out, the two-factor pages themselves and the admin's translation catalogue;
    # the public sign-in form in each language.
    paths = [
        reverse("wagtailadmin_login"),
        reverse("wagtailadmin_logout"),
        reverse("wagtailadmin_javascript_catalog"),
        reverse("security_two_factor_setup"),
        reverse("security_two_factor_verify"),
        settings.STATIC_URL,
    ]
    for code, _name in settings.LANGUAGES:
        with override(code):
            paths.append(reverse("wagtailcore_login"))
    return tuple(paths)


def require_two_factor(view):
    """Sends a signed-in user who owes a code to the verify (or set-up) page instead of `view`.

    portfolio/urls.py applies it to every URL pattern. Goes with
    django_otp.middleware.OTPMiddleware, which gives request.user.is_verified(). Requests without
    a session cookie (every anonymous visitor) are not looked at, so public pages read no session.
    """

    @wraps(view)
    def checked(request, *args, **kwargs):
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            user = request.user
            if (
                request.path_info.startswith(_exempt_paths())
                or not user.is_authenticated
                or user.is_verified()
            ):
                return view(request, *args, **kwargs)
            state = request.session.get(SESSION_KEY)
            if state is None or "staff" not in state:
                state = request.session[SESSION_KEY] = _state(user)
            if state["has_device"]:
                return _redirect_with_next("security_two_factor_verify", request)
            if _required(state):
                return _redirect_with_next("security_two_factor_setup", request)
        return view(request, *args, **kwargs)

    return checked


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
        self.devices = devices

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
        return super().get_context_data(next=_next_url(self.request), **kwargs)

    def form_valid(self, form):
        device = form.device
        if not device.confirmed:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            self.request.session[SESSION_KEY] = _state(self.request.user)
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
            self.device = TOTPDevice.objects.create(user=request.user, name="authenticator", confirmed=False)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "devices": [self.device]}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            qr_code=segno.make(self.device.config_url, error="m").svg_data_uri(scale=4),
            secret=base64.b32encode(self.device.bin_key).decode("ascii"),
            required=_required(_state(self.request.user)),
            **kwargs,
        )


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
