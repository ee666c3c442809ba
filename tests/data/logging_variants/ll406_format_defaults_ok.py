# expect: ok; python: >=3.12; rules: LL406; covers: an extra field given a default through the formatter's "defaults" key (dictConfig passes it on 3.12+ only)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"f": {"format": "%(request_id)s %(message)s", "defaults": {"request_id": "-"}}},
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "f"}},
    "loggers": {"app": {"handlers": ["console"], "level": "INFO"}},
}
