"""Sign-in lock-out (django-axes): the page a locked-out user sees, and the admin page listing
locked-out sign-ins, for those who manage users, with a button to unlock each."""

from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from axes.utils import reset
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin


def lockout_response(request, original_response=None, credentials=None):
    """The bilingual 429 page axes shows once a username has failed too often from one address."""
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "cooloff_timedelta": cool_off,
        "cooloff_minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
    }
    return render(request, "security/lockout.html", context, status=429)


def can_unlock(user):
    """Unlocking is part of managing users: superusers and whoever may change users."""
    return user.is_superuser or user.has_perm("auth.change_user")


def may_unlock(user, username):
    """A superuser's sign-in is unlocked by a superuser only."""
    users = get_user_model().objects.filter(is_superuser=True)
    return user.is_superuser or not users.filter(**{get_user_model().USERNAME_FIELD: username}).exists()


class LockoutsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "security/lockouts.html"
    page_title = gettext_lazy("Locked sign-ins")
    header_icon = "lock"

    def dispatch(self, request, *args, **kwargs):
        if not can_unlock(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        limit = get_failure_limit(self.request, {})
        context["attempts"] = AccessAttempt.objects.filter(failures_since_start__gte=limit).order_by(
            "-attempt_time"
        )
        return context

    def post(self, request):
        attempt = AccessAttempt.objects.filter(pk=request.POST.get("attempt")).first()
        if attempt is not None and not may_unlock(request.user, attempt.username):
            # The same rule as for editing a superuser's account (editorial/wagtail_hooks.py).
            messages.error(request, _("Only a superuser may unlock a superuser's sign-in."))
        elif attempt is not None:
            reset(ip=attempt.ip_address, username=attempt.username)
            messages.success(request, _("%(username)s can sign in again.") % {"username": attempt.username})
        return redirect("security_lockouts")
