# expect: ok; rules: LL414; covers: handlers "h" / filters "f" as one-letter strings name real entries: iterated, works
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"f": {"name": "app"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
        "h": {"class": "logging.StreamHandler", "filters": "f", "stream": "ext://sys.stdout"},
    },
    "loggers": {"app": {"handlers": "h", "level": "INFO"}},
}
