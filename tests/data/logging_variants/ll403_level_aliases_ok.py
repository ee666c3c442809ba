# expect: ok; rules: LL403; covers: "WARN", "FATAL", "NOTSET" are level names too
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
        "fatal_console": {"class": "logging.StreamHandler", "level": "FATAL", "stream": "ext://sys.stdout"},
    },
    "loggers": {"app": {"handlers": ["console"], "level": "WARN"}, "app.db": {"handlers": ["fatal_console"], "level": "NOTSET"}},
}
