# expect: startup-error; rules: LL406; covers: "{levelname} {message}" with the default "%" style
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"f": {"format": "{levelname} {message}"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
        "fmt_console": {"class": "logging.StreamHandler", "formatter": "f", "stream": "ext://sys.stdout"},
    },
    "loggers": {"app": {"handlers": ["fmt_console"], "level": "INFO"}},
}
