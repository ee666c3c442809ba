# expect: startup-error; python: >=3.12; rules: LL402; covers: QueueHandler handlers names an undefined handler (Python 3.12+)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
        "queued": {"class": "logging.handlers.QueueHandler", "handlers": ["consol"]},
    },
    "loggers": {"app": {"handlers": ["queued"], "level": "INFO", "propagate": False}},
}
