# expect: ok; rules: LL415; covers: django.db.backends at DEBUG (every SQL statement logged when DEBUG is on)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"}},
    "loggers": {"django.db.backends": {"handlers": ["console"], "level": "DEBUG", "propagate": False}},
}
