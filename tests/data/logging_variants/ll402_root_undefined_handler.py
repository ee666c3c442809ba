# expect: startup-error; rules: LL402; covers: root handlers names an undefined handler
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
    },
    "loggers": {},
    "root": {"handlers": ["consol"], "level": "WARNING"},
}
