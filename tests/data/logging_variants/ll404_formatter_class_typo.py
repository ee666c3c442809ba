# expect: startup-error; rules: LL404; covers: formatter "class": logging.Formater
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"class": "logging.Formater", "format": "%(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
        "fmt_console": {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stdout"},
    },
    "loggers": {"app": {"handlers": ["fmt_console"], "level": "INFO"}},
}
