# expect: ok; rules: -; covers: "()" factories of stdlib classes: Formatter given "format" (CPython retries as fmt), Filter with name, StreamHandler with stream, "." attributes
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "factory": {"()": "logging.Formatter", "format": "%(levelname)s %(message)s", "datefmt": "%H:%M"},
        "classed": {"class": "logging.Formatter", "format": "%(name)s: %(message)s"},
    },
    "filters": {"only_app": {"()": "logging.Filter", "name": "app"}},
    "handlers": {
        "made": {
            "()": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "factory",
            "filters": ["only_app"],
            ".": {"terminator": "\n"},
        },
        "plain": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "classed"},
    },
    "loggers": {"app": {"handlers": ["made", "plain"], "level": "INFO", "propagate": False}},
}
