# expect: startup-error; rules: LL402; covers: a handler's formatter is undefined
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"verbose": {"format": "%(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
        "verbose_console": {"class": "logging.StreamHandler", "formatter": "verbos", "stream": "ext://sys.stdout"},
    },
    "loggers": {"app": {"handlers": ["verbose_console"], "level": "INFO"}},
}
