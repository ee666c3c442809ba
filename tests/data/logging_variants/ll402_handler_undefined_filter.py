# expect: startup-error; rules: LL402; covers: a handler's filters names an undefined filter
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
        "filtered": {"class": "logging.StreamHandler", "filters": ["only_app"], "stream": "ext://sys.stdout"},
    },
    "loggers": {"app": {"handlers": ["filtered"], "level": "INFO"}},
}
