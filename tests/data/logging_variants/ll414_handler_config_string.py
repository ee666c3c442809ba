# expect: startup-error; rules: LL414; covers: a handler given as the class name string, not a dict
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
        "plain": "logging.StreamHandler",
    },
    "loggers": {"app": {"handlers": ["plain"], "level": "INFO"}},
}
