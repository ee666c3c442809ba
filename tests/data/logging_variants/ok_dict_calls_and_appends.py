# expect: ok; rules: -; covers: LOGGING built with dict(...) keywords, a handler appended to root after it is defined, "version" from int("1")
LOGGING = dict(
    version=int("1"),
    disable_existing_loggers=False,
    handlers=dict(console=dict(stream="ext://sys.stdout", **{"class": "logging.StreamHandler"})),
    root=dict(handlers=[], level="INFO"),
)
LOGGING["handlers"]["file"] = {"class": "logging.FileHandler", "filename": "app.log", "delay": True}
LOGGING["root"]["handlers"].append("console")
LOGGING["root"]["handlers"] += ["file"]
