# expect: ok; rules: -; covers: the stdlib handler family with valid arguments: TimedRotating, Watched, NullHandler, positional-by-name args
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s", "datefmt": "%Y-%m-%d %H:%M:%S"}},
    "handlers": {
        "timed": {"class": "logging.handlers.TimedRotatingFileHandler", "filename": "timed.log", "when": "midnight", "backupCount": 7, "formatter": "plain", "encoding": "utf-8"},
        "watched": {"class": "logging.handlers.WatchedFileHandler", "filename": "watched.log", "delay": True},
        "null": {"class": "logging.NullHandler"},
    },
    "loggers": {
        "app": {"handlers": ["timed", "watched"], "level": "DEBUG", "propagate": False},
        "noisy": {"handlers": ["null"], "propagate": False},
    },
}
