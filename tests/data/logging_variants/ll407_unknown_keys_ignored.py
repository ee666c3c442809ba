# expect: ok; rules: LL407; covers: keys dictConfig ignores: top-level "disable_existing_logger" and "logger", a logger's "handler" and "level_name", a formatter's "fmt", propagate "no"
LOGGING = {
    "version": 1,
    "disable_existing_logger": False,
    "formatters": {"plain": {"fmt": "%(levelname)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "plain"}},
    "logger": {"lost": {"handlers": ["console"]}},
    "loggers": {
        "app": {"handler": ["console"], "level_name": "DEBUG", "propagate": "no"},
        "app.web": {"handlers": ["console"], "level": "INFO"},
    },
}
