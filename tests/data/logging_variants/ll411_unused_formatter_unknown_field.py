# expect: ok; rules: LL411; covers: an unused "{" formatter with an unknown field {level}: never formats a record, so nothing fails
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"broken_but_unused": {"format": "{level} {message}", "style": "{"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"}},
    "loggers": {"app": {"handlers": ["console"], "level": "INFO"}},
}
