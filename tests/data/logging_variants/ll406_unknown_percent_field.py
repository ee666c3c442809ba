# expect: emit-error; rules: LL406; covers: "%(request_id)s %(message)s" with no filter adding request_id: every record fails
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"f": {"format": "%(request_id)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
        "fmt_console": {"class": "logging.StreamHandler", "formatter": "f", "stream": "ext://sys.stdout"},
    },
    "loggers": {"app": {"handlers": ["fmt_console"], "level": "INFO"}},
}
