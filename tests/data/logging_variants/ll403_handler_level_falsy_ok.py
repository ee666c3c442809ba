# expect: ok; rules: LL403; covers: handler level 0 (NOTSET) and logger level None (skipped) work
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
        "zero": {"class": "logging.StreamHandler", "level": 0, "stream": "ext://sys.stdout"},
    },
    "loggers": {"app": {"handlers": ["zero"], "level": None}},
}
