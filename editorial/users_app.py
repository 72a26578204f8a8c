"""wagtail.users with the project's user viewset (editorial/users.py), in INSTALLED_APPS.

A module of its own: an app config is imported before the models are ready, the views after.
"""

from wagtail.users.apps import WagtailUsersAppConfig


class UsersConfig(WagtailUsersAppConfig):
    user_viewset = "editorial.users.UserViewSet"
