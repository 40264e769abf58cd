"""Settings for the test suite: the production settings with test-only shortcuts."""

import os

# Tests run with DEBUG off, as production does, so they need a key and hosts of their own.
os.environ.setdefault(
    "DJANGO_SECRET_KEY", "tests-only-secret-key-" + "x7Qp2LmZ9vB4nR8tK1wY6cJ3" * 2
)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from newsroom.settings import *  # noqa: F403

# Django's default hasher runs a million PBKDF2 iterations: far too slow for a test suite.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Tests serve static files from the apps' folders, as in development, without collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# Tests talk plain HTTP to the test client and the live server; the headers tests ask for
# HTTPS (secure=True) and the deploy check runs the real production settings.
SECURE_SSL_REDIRECT = False
# Query-count guards count SQL: a throttle writing to the database cache on every API request
# would be counted too. The shared database cache is tested on its own (tests/newsroom/
# test_security.py) with the production CACHES.
PRODUCTION_CACHES = CACHES  # noqa: F405
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Generous API limits, so fuzzing and long tests are not throttled; the throttling tests set
# their own rates.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute", "user": "100000/minute"},
}
