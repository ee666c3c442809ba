# expect: startup-error; rules: LL404; covers: a handler with neither class nor ()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
        "bare": {"level": "INFO", "stream": "ext://sys.stdout"},
    },
    "loggers": {"app": {"handlers": ["bare"], "level": "INFO"}},
}
