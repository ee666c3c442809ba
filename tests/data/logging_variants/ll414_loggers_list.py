# expect: startup-error; rules: LL414; covers: "loggers" given as a list of names, not a dict
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
    },
    "loggers": ["app"],
}
