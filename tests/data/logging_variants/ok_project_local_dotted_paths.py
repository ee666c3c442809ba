# expect: ok; rules: LL404; covers: "()" and "class" naming project-local classes by dotted path (diffproj.logs.*), with keyword arguments of their own
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "diffproj.logs.RequestIdFilter"}},
    "formatters": {"kv": {"()": "diffproj.logs.KeyValueFormatter", "fmt": "%(request_id)s %(message)s", "separator": "|"}},
    "handlers": {"console": {"class": "diffproj.logs.ConsoleHandler", "prefix": ">", "filters": ["request_id"], "formatter": "kv"}},
    "loggers": {"app": {"handlers": ["console"], "level": "INFO"}},
}
