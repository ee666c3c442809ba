# expect: ok; rules: LL409; covers: AdminEmailHandler without RequireDebugFalse (mails on every dev error) and with include_html True
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "mail_admins": {"level": "ERROR", "class": "django.utils.log.AdminEmailHandler"},
        "mail_html": {"level": "CRITICAL", "class": "django.utils.log.AdminEmailHandler", "include_html": True},
    },
    "loggers": {"django.request": {"handlers": ["mail_admins", "mail_html"], "level": "ERROR", "propagate": False}},
}
