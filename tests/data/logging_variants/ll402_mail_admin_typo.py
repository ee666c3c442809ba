# expect: startup-error; rules: LL402; covers: django.request uses 'mail_admin', defined is 'mail_admins'
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
        "mail_admins": {"class": "django.utils.log.AdminEmailHandler", "level": "ERROR", "filters": ["require_debug_false"]},
    },
    "loggers": {"django.request": {"handlers": ["mail_admin"], "level": "ERROR", "propagate": False}},
}
