"""Two-factor sign-in with time-based one-time passwords (django-otp TOTP devices).

Any staff member may turn it on from their account menu. When REQUIRE_2FA_FOR_ADMINS is on,
superusers and members of the Administrators group must set it up before going further; when
REQUIRE_2FA_FOR_STAFF is on, everyone who may use the admin must. Someone with a confirmed
device always enters a code after their password, whichever sign-in form they used (the
admin's, or the public one of login-restricted pages): until then, every page but the sign-in
and two-factor pages sends them to the code form.
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

ADMINISTRATORS_GROUP = "Administrators"
DEVICE_NAME = "authenticator"


def _is_administrator(user):
    return user.is_superuser or user.groups.filter(name=ADMINISTRATORS_GROUP).exists()


def _is_staff(user):
    return user.is_superuser or user.has_perm("wagtailadmin.access_admin")


def _required(administrator, staff):
    if getattr(settings, "REQUIRE_2FA_FOR_STAFF", False) and (staff or administrator):
        return True
    return bool(getattr(settings, "REQUIRE_2FA_FOR_ADMINS", False) and administrator)


def two_factor_required(user):
    """Whether this user may go on only after setting up two-factor sign-in."""
    return _required(_is_administrator(user), _is_staff(user))


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


SESSION_KEY = "security.two_factor"


def remember_two_factor_state(request, user):
    """Note in the session, at sign-in, whether this user has a device and which role they have.

    require_two_factor then reads the session instead of querying on every request. A device set
    up in another browser applies to this one from its next sign-in.
    """
    request.session[SESSION_KEY] = {
        "has_device": user_has_device(user, confirmed=True),
        "administrator": _is_administrator(user),
        "staff": _is_staff(user),
    }


@receiver(user_logged_in)
def _on_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        remember_two_factor_state(request, user)


def require_two_factor(view):
    """Sends a signed-in user who owes a code to the verify (or set-up) page instead of `view`.

    portfolio/urls.py applies it to every URL pattern. Goes with
    django_otp.middleware.OTPMiddleware, which gives request.user.is_verified(). Requests without
    a session cookie (every anonymous visitor) are not looked at, so public pages read no session.
    """

    @wraps(view)
    def checked(request, *args, **kwargs):
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            response = _owed_code(request)
            if response is not None:
                return response
        return view(request, *args, **kwargs)

    return checked


def _owed_code(request):
    user = request.user
    if request.path_info.startswith(_exempt_paths()) or not user.is_authenticated or user.is_verified():
        return None
    state = request.session.get(SESSION_KEY)
    if state is None or "staff" not in state:
        remember_two_factor_state(request, user)
        state = request.session[SESSION_KEY]
    if state["has_device"]:
        return _redirect_with_next("security_two_factor_verify", request)
    if _required(state["administrator"], state["staff"]):
        return _redirect_with_next("security_two_factor_setup", request)
    return None


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
