# expect: ok; rules: -; covers: ext:// streams, cfg:// values from a custom top-level section, MemoryHandler target by name
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "streams": {"out": "ext://sys.stdout"},
    "settings": {"capacity": 50, "flush_level": 40},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "cfg://streams.out"},
        "buffer": {
            "class": "logging.handlers.MemoryHandler",
            "capacity": "cfg://settings.capacity",
            "flushLevel": "cfg://settings[flush_level]",
            "target": "console",
        },
    },
    "loggers": {"app": {"handlers": ["buffer"], "level": "INFO", "propagate": False}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
