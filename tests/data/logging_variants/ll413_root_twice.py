# expect: ok; rules: LL413; covers: both a top-level "root" and loggers[""]: the top-level one silently wins
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
        "file": {"class": "logging.FileHandler", "filename": "root.log"},
    },
    "loggers": {"": {"handlers": ["file"], "level": "DEBUG"}},
    "root": {"handlers": ["console"], "level": "INFO"},
}
