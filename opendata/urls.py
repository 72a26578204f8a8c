"""Open data URLs: the IATI file and the API outside the language prefix, the page and downloads inside."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import api, views

urlpatterns = [
    path("iati/activities.xml", views.iati_activities, name="opendata_iati_activities"),
    path("api/v1/", api.root, name="opendata_api_root"),
    path("api/v1/programs/", api.programs, name="opendata_api_programs"),
    path("api/v1/projects/", api.projects, name="opendata_api_projects"),
    path("api/v1/projects/<int:pk>/", api.project, name="opendata_api_project"),
    path("api/v1/partners/", api.partners, name="opendata_api_partners"),
]

# Under /fr/ and /en/: the page's language is the language of the download.
localized_urlpatterns = [
    path(_("open-data/"), views.open_data, name="opendata_open_data"),
    path(_("open-data/projects.csv"), views.projects_csv, name="opendata_projects_csv"),
    path(_("open-data/projects.xlsx"), views.projects_xlsx, name="opendata_projects_xlsx"),
]
