# expect: startup-error; python: <3.12; rules: LL404; covers: handler "class": logging.StreamHandler (the class object, not its dotted name: 3.11 resolves only strings, while "()" accepts a callable)
import logging

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": logging.StreamHandler, "stream": "ext://sys.stdout"}},
    "loggers": {"app": {"handlers": ["console"], "level": "INFO"}},
}
