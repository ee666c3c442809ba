# expect: startup-error; rules: LL414; covers: logger handlers "console" (a str: iterated letter by letter)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
    },
    "loggers": {"app": {"handlers": "console", "level": "INFO"}},
}
