"""Every change that public pages show moves the page cache's generation on.

Pages: publish (also scheduled publishing and workflow approval, which publish), unpublish,
move and delete. Objects that pages show: the models named in ``PAGECACHE_INVALIDATING_MODELS``
(partners, page view restrictions, sites…), the image and document models, and any Wagtail
settings model. Saving a page draft changes nothing public and keeps the cache.
"""

import logging

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

from . import store

logger = logging.getLogger(__name__)

_invalidating_models = ()


def _bump_after_commit():
    store.bump()


def invalidate(**kwargs):
    """Move the generation on now, and again once the current transaction commits.

    Now: this process's next request is fresh. After commit: a request elsewhere that read the
    old rows before the commit and cached them under the new generation is left behind too.
    """
    store.bump()
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        # One bump per transaction is enough, however many rows a delete or move touches.
        pending = [func for _sids, func, _robust in connection.run_on_commit]
        if _bump_after_commit not in pending:
            transaction.on_commit(_bump_after_commit, robust=True)


def _on_save_or_delete(sender, instance, **kwargs):
    if isinstance(instance, _invalidating_models):
        invalidate()


def _on_delete(sender, instance, **kwargs):
    if isinstance(instance, (Page, *_invalidating_models)):
        invalidate()


def invalidating_models():
    """The non-page models whose changes pages show."""
    models = [get_image_model(), get_document_model()]
    models += [apps.get_model(label) for label in settings.PAGECACHE_INVALIDATING_MODELS]
    if apps.is_installed("wagtail.contrib.settings"):
        from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting

        setting_bases = (BaseGenericSetting, BaseSiteSetting)
        models += [model for model in apps.get_models() if issubclass(model, setting_bases)]
    return tuple(models)


def connect():
    global _invalidating_models
    _invalidating_models = invalidating_models()
    for signal in (page_published, page_unpublished, post_page_move, published, unpublished):
        signal.connect(invalidate, dispatch_uid=f"pagecache-{id(signal)}")
    post_save.connect(_on_save_or_delete, dispatch_uid="pagecache-post-save")
    post_delete.connect(_on_delete, dispatch_uid="pagecache-post-delete")
    # Sent once per app with models: Wagtail's core app stands for the whole run.
    app = apps.get_app_config("wagtailcore")
    post_migrate.connect(_on_migrate, sender=app, dispatch_uid="pagecache-migrate")


def _on_migrate(**kwargs):
    # Every deployment runs migrate (make serve does): what the previous release kept (pages,
    # rows, pages as it pickled them) is left behind, whatever its code wrote there.
    store.bump()
