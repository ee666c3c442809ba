# expect: startup-error; rules: LL402; covers: MemoryHandler target names an undefined handler
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
        "buffer": {"class": "logging.handlers.MemoryHandler", "capacity": 100, "target": "consol"},
    },
    "loggers": {"app": {"handlers": ["buffer"], "level": "INFO"}},
}
