# expect: startup-error; rules: LL402; covers: a logger's filters names an undefined filter
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"only_app": {"name": "app"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
    },
    "loggers": {"app": {"handlers": ["console"], "filters": ["only_ap"], "level": "INFO"}},
}
