# expect: ok; rules: LL411; covers: a formatter, a filter and a handler defined and never referenced
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"verbose": {"format": "%(asctime)s %(name)s %(message)s"}, "unused": {"format": "%(message)s"}},
    "filters": {"quiet": {"name": "app.quiet"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "verbose"},
        "spare": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
    },
    "loggers": {"app": {"handlers": ["console"], "level": "INFO"}},
}
