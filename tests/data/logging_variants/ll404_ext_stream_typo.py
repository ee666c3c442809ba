# expect: startup-error; rules: LL404; covers: handler stream "ext://sys.stdot" cannot resolve
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
        "out": {"class": "logging.StreamHandler", "stream": "ext://sys.stdot"},
    },
    "loggers": {"app": {"handlers": ["out"], "level": "INFO"}},
}
