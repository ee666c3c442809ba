# expect: startup-error; rules: LL405; covers: RotatingFileHandler maxBytes "10MB"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
        "file": {"class": "logging.handlers.RotatingFileHandler", "filename": "app.log", "maxBytes": "10MB", "backupCount": 3},
    },
    "loggers": {"app": {"handlers": ["file"], "level": "INFO"}},
}
