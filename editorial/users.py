"""The admin's user screens, showing the superuser checkbox to superusers only.

Installed through editorial.users_app.UsersConfig (INSTALLED_APPS), Wagtail's supported way to
replace its user viewset. The hooks in wagtail_hooks.py refuse the change itself on every
path; this keeps the form from offering what its user may not do.
"""

from wagtail.users.views import users


class HideSuperuserFieldMixin:
    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if not self.request.user.is_superuser:
            # Wagtail labels this field "Administrator", which is not our Administrators role.
            form.fields.pop("is_superuser", None)
        return form


class CreateView(HideSuperuserFieldMixin, users.CreateView):
    pass


class EditView(HideSuperuserFieldMixin, users.EditView):
    pass


class UserViewSet(users.UserViewSet):
    add_view_class = CreateView
    edit_view_class = EditView
    # Wagtail's copy view (/admin/users/copy/<pk>/) runs none of the user hooks, offers the
    # superuser box to everyone and, on POST, saves over the copied account itself. A user has
    # nothing worth copying (not the password, not the username), so it is switched off: no
    # URL, no button in the list; "Add a user" does the same with every rule applied.
    copy_view_enabled = False
