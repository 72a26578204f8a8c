import pytest
from django.contrib.auth.models import Group


@pytest.fixture
def make_user(django_user_model):
    """A staff user with a password, optionally in one of the role groups."""

    def make(username, password="correct-horse-battery", group=None, **extra):
        user = django_user_model.objects.create_user(username=username, password=password, **extra)
        if group:
            user.groups.add(Group.objects.get(name=group))
        return user

    return make
