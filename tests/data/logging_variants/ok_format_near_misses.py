# expect: ok; rules: LL406; covers: formats that look wrong but work: %% and %(msecs)03d with "%", {{literal}} and conversions/specs with "{", ${message} with "$", a "{" format containing a literal "%"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "pct": {"format": "100%% %(asctime)s.%(msecs)03d %(levelname)-8s %(name)s:%(lineno)d %(message)r", "datefmt": "%Y-%m-%dT%H:%M:%S"},
        "brace": {"format": "{{json}} {created:.3f} {levelname!s:>8} {message} 50%", "style": "{"},
        "dollar": {"format": "${levelname}: $message ($$)", "style": "$"},
    },
    "handlers": {
        "a": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "pct"},
        "b": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "brace"},
        "c": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "dollar"},
    },
    "loggers": {"app": {"handlers": ["a", "b", "c"], "level": "INFO"}},
}
