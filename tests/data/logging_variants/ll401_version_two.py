# expect: startup-error; rules: LL401; covers: "version": 2
LOGGING = {
    "version": 2,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
    },
    "loggers": {"app": {"handlers": ["console"], "level": "INFO"}},
}
