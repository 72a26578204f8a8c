"""Review notifications reach each person in their own language, French unless they chose English.

Wagtail writes each notification in the recipient's admin language (`preferred_language` in
their account); without one it falls back to the language of whoever triggered it, so an editor
who never chose would get English mail because a translator worked in English. New accounts
therefore start with the site's default language, which each person can change in the admin.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.users.models import UserProfile


@receiver(post_save, sender=get_user_model(), dispatch_uid="editorial_default_admin_language")
def give_new_accounts_the_default_language(sender, instance, created, raw=False, **kwargs):
    if not created or raw:
        return
    profile = UserProfile.get_for_user(instance)
    if not profile.preferred_language:
        profile.preferred_language = settings.LANGUAGE_CODE
        profile.save(update_fields=["preferred_language"])
