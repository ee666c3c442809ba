# expect: startup-error; rules: LL405; covers: FileHandler without filename
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
        "file": {"class": "logging.FileHandler", "mode": "a"},
    },
    "loggers": {"app": {"handlers": ["file"], "level": "INFO"}},
}
