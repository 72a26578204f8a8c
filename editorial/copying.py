"""Wagtail's generic copy views (partners, sites…) create a new object; they never save over the original.

Wagtail 8's CopyViewMixin gives the create form the original object as its instance for GET (to
fill the form) and for POST alike: the form's save() then updates the original row, so "Copy"
became an edit that skipped the edit view's rules (its hooks, locking, the review workflow).
Here a POST binds the form to a new object, as the add view does; the GET keeps the original's
values as the form's starting point. (The users' copy view is switched off: editorial/users.py.)
"""

from wagtail.admin.views.generic.models import CopyViewMixin, CreateView


def _initial_form_instance(self):
    original = self.get_object()  # its permission check (may the user see the original?)
    if self.request.method == "POST":
        return CreateView.get_initial_form_instance(self) or self.model()
    return original


def make_copies_new_objects():
    CopyViewMixin.get_initial_form_instance = _initial_form_instance
