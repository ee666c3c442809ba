# expect: ok; python: >=3.12; rules: LL406; covers: %(taskName)s is a LogRecord attribute from Python 3.12 on
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"f": {"format": "%(taskName)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "f"}},
    "loggers": {"app": {"handlers": ["console"], "level": "INFO"}},
}
