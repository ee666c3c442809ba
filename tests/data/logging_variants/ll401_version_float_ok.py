# expect: ok; rules: LL401; covers: "version": 1.0 compares equal to 1: lenient, works
LOGGING = {
    "version": 1.0,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
    },
    "loggers": {"app": {"handlers": ["console"], "level": "INFO"}},
}
