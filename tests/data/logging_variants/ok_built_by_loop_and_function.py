# expect: ok; rules: -; covers: handlers added in a for loop and by a helper function that mutates LOGGING, referenced by name from loggers
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {},
    "loggers": {
        "app.a": {"handlers": ["stream_a"], "level": "INFO"},
        "app.b": {"handlers": ["stream_b", "late"], "level": "INFO"},
    },
}
for suffix in ("a", "b"):
    LOGGING["handlers"]["stream_" + suffix] = {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"}


def add_late_handler(config):
    config["handlers"]["late"] = {"class": "logging.NullHandler"}


add_late_handler(LOGGING)
