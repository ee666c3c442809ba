# expect: startup-error; rules: LL402; covers: a handler removed with del while a logger still names it
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
        "file": {"class": "logging.FileHandler", "filename": "app.log"},
    },
    "loggers": {"app": {"handlers": ["console", "file"], "level": "INFO"}},
}
del LOGGING["handlers"]["file"]
