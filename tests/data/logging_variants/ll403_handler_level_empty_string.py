# expect: startup-error; rules: LL403; covers: handler level "" (checked like any other str, not skipped as falsy)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"blank": {"class": "logging.StreamHandler", "level": "", "stream": "ext://sys.stdout"}},
    "loggers": {"app": {"handlers": ["blank"], "level": "INFO"}},
}
