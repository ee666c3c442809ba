# expect: startup-error; rules: LL414; covers: a top-level section set to None ("formatters": None) is iterated and crashes, unlike None inside a logger
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": None,
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"}},
    "loggers": {"app": {"handlers": ["console"], "level": "INFO"}},
}
