# expect: ok; rules: -; covers: Django's DEFAULT_LOGGING copied with copy.deepcopy, then extended by item assignment
import copy

from django.utils.log import DEFAULT_LOGGING

LOGGING = copy.deepcopy(DEFAULT_LOGGING)
LOGGING["handlers"]["console"]["level"] = "DEBUG"
LOGGING["loggers"]["myapp"] = {"handlers": ["console"], "level": "INFO"}
