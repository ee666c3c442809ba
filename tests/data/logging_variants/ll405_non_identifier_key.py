# expect: startup-error; rules: LL405; covers: handler kwarg "max-bytes" is not an identifier
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
        "file": {"class": "logging.handlers.RotatingFileHandler", "filename": "app.log", "max-bytes": 1000000},
    },
    "loggers": {"app": {"handlers": ["file"], "level": "INFO"}},
}
