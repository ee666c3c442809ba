# expect: startup-error; rules: LL404; covers: handler class logging.handler.RotatingFileHandler (module typo)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
        "file": {"class": "logging.handler.RotatingFileHandler", "filename": "app.log", "maxBytes": 1000000, "backupCount": 3},
    },
    "loggers": {"app": {"handlers": ["file"], "level": "INFO"}},
}
