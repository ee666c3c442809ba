# expect: emit-error; rules: LL406; covers: "{level} {message}" with "{": configures, every record fails (no LogRecord attribute "level")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"f": {"format": "{level} {message}", "style": "{"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
        "fmt_console": {"class": "logging.StreamHandler", "formatter": "f", "stream": "ext://sys.stdout"},
    },
    "loggers": {"app": {"handlers": ["fmt_console"], "level": "INFO"}},
}
