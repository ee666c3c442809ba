# expect: startup-error; rules: LL403; covers: root level "VERBOSE" (not a level name)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
    },
    "loggers": {},
    "root": {"handlers": ["console"], "level": "VERBOSE"},
}
