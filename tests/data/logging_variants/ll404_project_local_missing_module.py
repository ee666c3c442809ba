# expect: startup-error; rules: LL404; covers: "class": "diffproj.handlers.ConsoleHandler": the project package exists, the module does not
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "diffproj.handlers.ConsoleHandler"}},
    "loggers": {"app": {"handlers": ["console"], "level": "INFO"}},
}
