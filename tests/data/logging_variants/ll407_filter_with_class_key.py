# expect: ok; rules: LL407; covers: a filter given "class": RequireDebugFalse instead of "()": dictConfig ignores "class" for filters and builds a pass-all logging.Filter("")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"require_debug_false": {"class": "django.utils.log.RequireDebugFalse"}},
    "handlers": {"mail_admins": {"class": "django.utils.log.AdminEmailHandler", "level": "ERROR", "filters": ["require_debug_false"]}},
    "loggers": {"django.request": {"handlers": ["mail_admins"], "level": "ERROR", "propagate": False}},
}
