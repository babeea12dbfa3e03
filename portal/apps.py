from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import gc_freeze
        from .security import admin_scripts, audit

        admin_scripts.install()
        audit.install()
        gc_freeze.install()

        from django.contrib.auth import get_user_model
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import m2m_changed, post_delete, post_save
        from wagtail.images import get_image_model_string
        from wagtail.models import Page
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from directory.models import Membership

        from . import signals, site
        from .security.second_factor import remember_requirement

        post_save.connect(signals.portal_settings_saved, sender="portal.PortalSettings")
        post_save.connect(signals.membership_saved, sender=Membership)
        post_delete.connect(signals.membership_deleted, sender=Membership)
        m2m_changed.connect(signals.user_groups_changed, sender=get_user_model().groups.through)
        user_logged_in.connect(remember_requirement, dispatch_uid="waymark-second-factor")
        for model in ("wagtailcore.Site", "portal.PortalSettings"):
            for signal in (post_save, post_delete):
                signal.connect(site.forget_sites, sender=model, dispatch_uid=f"sites-{model}")
        # Deleting these sets the settings' link to them to NULL by an UPDATE, no save.
        for model in ("directory.LocalAuthority", get_image_model_string(), Page):
            post_delete.connect(site.forget_sites, sender=model, dispatch_uid=f"sites-{model}")
        # The footer's links: any page's title, URL or being live may change.
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(site.forget_sites, dispatch_uid=f"sites-{signal}")
