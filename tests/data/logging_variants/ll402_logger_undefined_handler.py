# expect: startup-error; rules: LL402; covers: a logger's handlers names an undefined handler
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
    },
    "loggers": {"app": {"handlers": ["console", "file"], "level": "INFO"}},
}
