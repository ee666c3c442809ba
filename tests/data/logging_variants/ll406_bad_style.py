# expect: startup-error; rules: LL406; covers: style "f" (not one of %, {, $)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"f": {"format": "{message}", "style": "f"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
        "fmt_console": {"class": "logging.StreamHandler", "formatter": "f", "stream": "ext://sys.stdout"},
    },
    "loggers": {"app": {"handlers": ["fmt_console"], "level": "INFO"}},
}
