# expect: startup-error; rules: LL403; covers: logger level 5.5 (neither int nor str)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
    },
    "loggers": {"app": {"handlers": ["console"], "level": 5.5}},
}
