# expect: ok; python: >=3.12; rules: -; covers: QueueHandler with a "handlers" list (configured QueueListener, Python 3.12+)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
        "queued": {"class": "logging.handlers.QueueHandler", "handlers": ["console"]},
    },
    "loggers": {"app": {"handlers": ["queued"], "level": "INFO", "propagate": False}},
}
