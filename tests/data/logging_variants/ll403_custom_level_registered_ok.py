# expect: ok; rules: LL403; covers: level "TRACE" registered with logging.addLevelName in the settings module before LOGGING is applied
import logging

TRACE = 5
logging.addLevelName(TRACE, "TRACE")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "level": "TRACE"}},
    "loggers": {"app": {"handlers": ["console"], "level": "TRACE"}},
}
