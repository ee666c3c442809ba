# expect: ok; rules: LL408; covers: disable_existing_loggers True in Django settings
LOGGING = {
    "version": 1,
    "disable_existing_loggers": True,
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"}},
    "loggers": {"django": {"handlers": ["console"], "level": "INFO"}},
}
