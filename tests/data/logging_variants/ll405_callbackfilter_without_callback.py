# expect: startup-error; rules: LL405; covers: django.utils.log.CallbackFilter without its required "callback"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"skip": {"()": "django.utils.log.CallbackFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "filters": ["skip"]}},
    "loggers": {"app": {"handlers": ["console"], "level": "INFO"}},
}
