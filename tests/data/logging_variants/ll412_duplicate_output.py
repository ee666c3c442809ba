# expect: ok; rules: LL412; covers: the same handler on "django" and on root with propagate left True: every record written twice
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"}},
    "loggers": {"django": {"handlers": ["console"], "level": "INFO"}, "app.api": {"handlers": ["console"]}},
    "root": {"handlers": ["console"], "level": "INFO"},
}
