# expect: startup-error; rules: LL402; covers: root["handlers"].append("sentry") naming a handler never defined
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"}},
    "root": {"handlers": ["console"], "level": "INFO"},
}
LOGGING["root"]["handlers"].append("sentry")
