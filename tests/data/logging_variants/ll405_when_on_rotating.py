# expect: startup-error; rules: LL405; covers: when="midnight" on RotatingFileHandler (a TimedRotatingFileHandler argument)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
        "file": {"class": "logging.handlers.RotatingFileHandler", "filename": "app.log", "maxBytes": 1000000, "when": "midnight"},
    },
    "loggers": {"app": {"handlers": ["file"], "level": "INFO"}},
}
