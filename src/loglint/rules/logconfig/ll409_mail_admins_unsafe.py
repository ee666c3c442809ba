from __future__ import annotations

from loglint.prefilter import LOGCONFIG
from loglint.rules.logconfig import ConfigRule
from loglint.semantics.logging_config import Known
from loglint.semantics.logging_knowledge import FACTORY_KEY
from loglint.semantics.logging_sites import ConfigSite, ConfigView, known_str, list_items

_ADMIN_EMAIL = "django.utils.log.AdminEmailHandler"
_DEBUG_FALSE = "django.utils.log.RequireDebugFalse"


class MailAdminsUnsafe(ConfigRule):
    """## What it does
    Flags a Django `AdminEmailHandler` in a logging configuration without a `RequireDebugFalse` filter,
    and one with `include_html: True`.

    ## Why is this bad?
    Without the filter, every error on a developer's machine or a staging server with `DEBUG = True`
    mails the admins (Django's own default configuration has the filter). `include_html` attaches the full
    debug page: local variables, settings and request data, sent by email.

    ## Example
    ```python
    LOGGING = {
        "version": 1,
        "disable_existing_loggers": False,
        "handlers": {"mail_admins": {"class": "django.utils.log.AdminEmailHandler", "include_html": True}},
        "loggers": {"django.request": {"handlers": ["mail_admins"], "level": "ERROR"}},
    }
    ```

    ## Use instead
    ```python
    LOGGING = {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
        "handlers": {
            "mail_admins": {
                "class": "django.utils.log.AdminEmailHandler",
                "filters": ["require_debug_false"],
            }
        },
        "loggers": {"django.request": {"handlers": ["mail_admins"], "level": "ERROR"}},
    }
    ```

    ## Known limitations
    A handler whose `filters` are not all known, or name a filter whose class is not known, is trusted.
    """

    code = "LL409"
    candidates = frozenset({LOGCONFIG})
    name = "mail-admins-unsafe"
    message = "AdminEmailHandler without the RequireDebugFalse filter"

    def check(self, site: ConfigSite, view: ConfigView) -> None:
        if view.incremental is not False:
            return
        for handler in view.items("handlers"):
            signature = view.signature(handler)
            if signature is None or signature.name != _ADMIN_EMAIL or handler.dict is None:
                continue
            include_html = handler.get("include_html")
            if isinstance(include_html, Known) and include_html.value is True:
                message = (
                    f"{handler.label()} mails the full debug page (local variables, settings, request data): "
                    "include_html is True"
                )
                self.report_at(site, message, include_html.node)
            if self._filtered(view, handler) is False:
                message = (
                    f"{handler.label()} (AdminEmailHandler) has no RequireDebugFalse filter: every error "
                    "with DEBUG = True is mailed to the admins"
                )
                self.report_at(site, message, handler.node)

    def _filtered(self, view: ConfigView, handler) -> "bool | None":
        """True: a RequireDebugFalse filter is attached; False: certainly not; None: cannot tell."""
        value = handler.get("filters")
        if value is None:
            return False if handler.dict.complete else None
        names = list_items(value)
        if names is None:
            return None
        filters = {item.name: item for item in view.items("filters")}
        unsure = False
        for element in names:
            name = known_str(element)
            if name is None or name not in filters:
                unsure = True
                continue
            flt = filters[name]
            dotted = view.handler_class(flt) if flt.get(FACTORY_KEY) is not None else "logging.Filter"
            if dotted == _DEBUG_FALSE:
                return True
            if dotted is None or not (dotted.startswith("logging.") or dotted.startswith("django.utils.log.")):
                unsure = True  # a project filter may check DEBUG itself
        return None if unsure or not view.section("filters").exact else False
