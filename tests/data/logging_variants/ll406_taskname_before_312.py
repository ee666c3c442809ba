# expect: emit-error; python: <3.12; rules: LL406; covers: %(taskName)s: a LogRecord attribute only from Python 3.12, so every record fails on 3.11
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"f": {"format": "%(taskName)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "f"}},
    "loggers": {"app": {"handlers": ["console"], "level": "INFO"}},
}
