# expect: startup-error; rules: LL401; covers: no "version" key
LOGGING = {
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
    },
    "loggers": {"app": {"handlers": ["console"], "level": "INFO"}},
}
