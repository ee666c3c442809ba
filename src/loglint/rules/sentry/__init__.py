"""LL5: Sentry SDK configuration (`sentry_sdk.init` and its integrations)."""
