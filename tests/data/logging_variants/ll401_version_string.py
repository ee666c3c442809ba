# expect: startup-error; rules: LL401; covers: "version": "1" (a str, not the int)
LOGGING = {
    "version": "1",
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
    },
    "loggers": {"app": {"handlers": ["console"], "level": "INFO"}},
}
