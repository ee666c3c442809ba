# expect: ok; rules: LL406; covers: %(request_id)s is added by a "()" filter factory defined in the module: works
import logging


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = "-"
        return True


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": RequestIdFilter}},
    "formatters": {"f": {"format": "%(request_id)s %(levelname)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "f", "filters": ["request_id"]}},
    "loggers": {"app": {"handlers": ["console"], "level": "INFO"}},
}
