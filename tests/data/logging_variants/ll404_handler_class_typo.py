# expect: startup-error; rules: LL404; covers: handler class logging.StreamHandlr
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
        "typo": {"class": "logging.StreamHandlr"},
    },
    "loggers": {"app": {"handlers": ["typo"], "level": "INFO"}},
}
