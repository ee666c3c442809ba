# expect: ok; rules: LL408; covers: no disable_existing_loggers (defaults to True: Django's loggers are silenced, no error)
LOGGING = {
    "version": 1,
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"}},
    "root": {"handlers": ["console"], "level": "INFO"},
}
