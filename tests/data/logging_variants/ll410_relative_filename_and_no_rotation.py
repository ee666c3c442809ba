# expect: ok; rules: LL410; covers: FileHandler with a relative filename; RotatingFileHandler without maxBytes (never rotates)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "file": {"class": "logging.FileHandler", "filename": "debug.log"},
        "rotating": {"class": "logging.handlers.RotatingFileHandler", "filename": "rotating.log", "backupCount": 3},
    },
    "loggers": {"app": {"handlers": ["file", "rotating"], "level": "DEBUG"}},
}
