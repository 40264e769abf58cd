"""The review states every editorial record moves through.

This module owns the vocabulary of review; the transitions between states, their guards and
their history belong here too, so that the admin, the API and commands share one definition.
"""

from django.db import models


class ReviewState(models.TextChoices):
    DRAFT = "draft", "draft"
    IN_REVIEW = "in_review", "in review"
    VERIFIED = "verified", "verified"
    DISPUTED = "disputed", "disputed"
    REJECTED = "rejected", "rejected"
    PUBLISHED = "published", "published"
    RETRACTED = "retracted", "retracted"


# The one definition of what an anonymous reader may see. Every public page, feed, sitemap,
# search and API endpoint filters through EditorialQuerySet.published(), which reads this.
PUBLIC_STATES = frozenset({ReviewState.PUBLISHED})
