# expect: ok; rules: -; covers: a typical production settings LOGGING: ServerFormatter factory, rotating file, mail_admins behind RequireDebugFalse, CallbackFilter
import os

BASE_DIR = os.path.dirname(os.path.abspath(__file__))


def skip_unreadable_posts(record):
    return True


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        "require_debug_true": {"()": "django.utils.log.RequireDebugTrue"},
        "skip_unreadable": {"()": "django.utils.log.CallbackFilter", "callback": skip_unreadable_posts},
    },
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
        "verbose": {"format": "{asctime} {levelname} {module} {process:d} {thread:d} {message}", "style": "{"},
        "simple": {"format": "%(levelname)s %(message)s"},
    },
    "handlers": {
        "console": {"level": "INFO", "filters": ["require_debug_true"], "class": "logging.StreamHandler"},
        "django.server": {"level": "INFO", "class": "logging.StreamHandler", "formatter": "django.server", "stream": "ext://sys.stdout"},
        "file": {
            "level": "WARNING",
            "class": "logging.handlers.RotatingFileHandler",
            "filename": "django.log",
            "maxBytes": 5 * 1024 * 1024,
            "backupCount": 5,
            "formatter": "verbose",
        },
        "mail_admins": {
            "level": "ERROR",
            "class": "django.utils.log.AdminEmailHandler",
            "filters": ["require_debug_false", "skip_unreadable"],
        },
    },
    "root": {"handlers": ["console", "file"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["mail_admins", "file"], "level": "ERROR", "propagate": False},
        "shop": {"handlers": ["file"], "level": "INFO", "propagate": False},
    },
}
