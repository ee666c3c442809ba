# expect: startup-error; rules: LL403; covers: handler level "debug"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
        "quiet": {"class": "logging.StreamHandler", "level": "debug", "stream": "ext://sys.stdout"},
    },
    "loggers": {"app": {"handlers": ["quiet"], "level": "INFO"}},
}
