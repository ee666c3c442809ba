# expect: ok; rules: LL406; covers: "validate": False with a %-format under "{": no error at startup nor on emit, records print the literal format
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"f": {"format": "%(levelname)s %(message)s", "style": "{", "validate": False}},
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "f"}},
    "loggers": {"app": {"handlers": ["console"], "level": "INFO"}},
}
