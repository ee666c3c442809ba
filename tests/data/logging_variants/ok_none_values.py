# expect: ok; rules: LL414; covers: None where a list, name or level is expected is skipped: formatter None, filters None, logger handlers None, level None, root None
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": None, "filters": None, "level": None}},
    "loggers": {"app": {"handlers": ["console"], "level": None, "filters": None, "propagate": None}, "app.quiet": {"handlers": None}},
    "root": None,
}
