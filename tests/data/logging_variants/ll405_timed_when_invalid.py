# expect: startup-error; rules: LL405; covers: TimedRotatingFileHandler "when": "daily" (not S, M, H, D, W0-W6 or midnight: ValueError at startup)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"timed": {"class": "logging.handlers.TimedRotatingFileHandler", "filename": "timed.log", "when": "daily"}},
    "loggers": {"app": {"handlers": ["timed"], "level": "INFO"}},
}
