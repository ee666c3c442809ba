# expect: ok; rules: -; covers: LOGGING built in steps: .update(...), item assignment into sections, a name bound to a dict
CONSOLE = {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "simple"}

LOGGING = {"version": 1, "disable_existing_loggers": False, "handlers": {}, "loggers": {}}
LOGGING.update({"formatters": {"simple": {"format": "%(levelname)s %(name)s %(message)s"}}})
LOGGING["handlers"]["console"] = CONSOLE
LOGGING["loggers"]["app"] = {"handlers": ["console"], "level": "DEBUG"}
LOGGING["root"] = {"handlers": ["console"], "level": "WARNING"}
