# expect: emit-error; rules: LL405; covers: MemoryHandler "flushLevel": "ERROR" (a str is not converted: every record raises TypeError out of the log call)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
        "buffer": {"class": "logging.handlers.MemoryHandler", "capacity": 100, "flushLevel": "ERROR", "target": "console"},
    },
    "loggers": {"app": {"handlers": ["buffer"], "level": "INFO", "propagate": False}},
}
