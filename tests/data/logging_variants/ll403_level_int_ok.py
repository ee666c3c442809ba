# expect: ok; rules: LL403; covers: integer levels (10 on a logger, 30 on a handler) work
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
        "warn_console": {"class": "logging.StreamHandler", "level": 30, "stream": "ext://sys.stdout"},
    },
    "loggers": {"app": {"handlers": ["warn_console"], "level": 10}},
}
