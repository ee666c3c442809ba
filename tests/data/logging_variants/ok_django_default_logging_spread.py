# expect: ok; rules: -; covers: {**DEFAULT_LOGGING, ...} overriding loggers, reusing Django's filters/formatters/handlers
from django.utils.log import DEFAULT_LOGGING

LOGGING = {
    **DEFAULT_LOGGING,
    "disable_existing_loggers": False,
    "loggers": {
        **DEFAULT_LOGGING["loggers"],
        "django.request": {"handlers": ["mail_admins"], "level": "ERROR", "propagate": True},
        "shop": {"handlers": ["console"], "level": "DEBUG"},
    },
}
