# expect: emit-error; python: <3.12; rules: LL405; covers: MemoryHandler "flushLevel": "ERROR" (not converted before CPython 3.12.4, gh-117975: every record raises TypeError out of the log call)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
        "buffer": {"class": "logging.handlers.MemoryHandler", "capacity": 100, "flushLevel": "ERROR", "target": "console"},
    },
    "loggers": {"app": {"handlers": ["buffer"], "level": "INFO", "propagate": False}},
}
