# expect: emit-error; rules: LL405; covers: stream "sys.stdout" without ext:// is a str: configures, every record fails
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
        "out": {"class": "logging.StreamHandler", "stream": "sys.stdout"},
    },
    "loggers": {"app": {"handlers": ["out"], "level": "INFO"}},
}
