"""factory-boy factories, one per model."""

import datetime

import factory
from django.contrib.auth import get_user_model

from newsroom import models as newsroom
from newsroom.workflow import ReviewState
from sources import models as sources
from timeline import models as timeline


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = sources.Topic

    name = factory.Sequence(lambda n: f"Topic {n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = sources.Person

    name = factory.Sequence(lambda n: f"Person Number{n}")
    description = "A person named in the news."
    state = ReviewState.PUBLISHED


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = sources.Organization

    name = factory.Sequence(lambda n: f"Organization {n}")
    kind = sources.OrganizationKind.NGO
    state = ReviewState.PUBLISHED


class AliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = sources.Alias

    person = factory.SubFactory(PersonFactory)
    name = factory.Sequence(lambda n: f"Alias {n}")


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = sources.Affiliation

    person = factory.SubFactory(PersonFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = "spokesman"


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = sources.Outlet

    name = factory.Sequence(lambda n: f"Outlet {n}")
    kind = sources.OutletKind.NEWSPAPER
    state = ReviewState.PUBLISHED


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = sources.Source

    title = factory.Sequence(lambda n: f"Report number {n}")
    outlet = factory.SubFactory(OutletFactory)
    kind = sources.SourceKind.NEWS
    url = factory.Sequence(lambda n: f"https://news.example.org/report-{n}")
    published_on = datetime.date(2021, 1, 1)
    published_on_precision = "day"
    state = ReviewState.PUBLISHED


class CitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = sources.Citation

    citing = factory.SubFactory(SourceFactory)
    cited = factory.SubFactory(SourceFactory)
    as_printed = "(a wire report)"


class QuoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = sources.Quote
        skip_postgeneration_save = True

    text = factory.Sequence(lambda n: f"These are words number {n}.")
    speaker_person = factory.SubFactory(PersonFactory)
    said_on = datetime.date(2020, 12, 1)
    said_on_precision = "month"
    state = ReviewState.PUBLISHED

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)


class AppearanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = sources.Appearance

    quote = factory.SubFactory(QuoteFactory)
    source = factory.SubFactory(SourceFactory)
    text_as_printed = factory.LazyAttribute(lambda appearance: appearance.quote.text)
    attribution_as_printed = factory.LazyAttribute(lambda appearance: str(appearance.quote.speaker))
    state = ReviewState.PUBLISHED


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = sources.Claim
        skip_postgeneration_save = True

    text = factory.Sequence(lambda n: f"Claim number {n} is a checkable statement.")
    state = ReviewState.PUBLISHED

    @factory.post_generation
    def quotes(self, create, extracted, **kwargs):
        if create and extracted:
            self.quotes.set(extracted)


class ClaimAppearanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = sources.ClaimAppearance

    claim = factory.SubFactory(ClaimFactory)
    source = factory.SubFactory(SourceFactory)
    text_as_printed = factory.LazyAttribute(lambda passage: passage.claim.text)


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = sources.Evidence

    claim = factory.SubFactory(ClaimFactory)
    source = factory.SubFactory(SourceFactory)
    note = "Matched the figure in the source."


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = timeline.Event
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Something happened, number {n}")
    starts_on = datetime.date(2019, 1, 1)
    starts_on_precision = "year"
    state = ReviewState.PUBLISHED

    @factory.post_generation
    def sources(self, create, extracted, **kwargs):
        if create and extracted:
            self.sources.set(extracted)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = timeline.Participant

    event = factory.SubFactory(EventFactory)
    person = factory.SubFactory(PersonFactory)
    role = "signatory"


class ReviewFactory(factory.django.DjangoModelFactory):
    """A review of a quotation (submitted by default); pass record= for another record."""

    class Meta:
        model = newsroom.Review

    record = factory.SubFactory(QuoteFactory, state=ReviewState.IN_REVIEW)
    action = "submit"
    from_state = ReviewState.DRAFT
    to_state = ReviewState.IN_REVIEW
    user = factory.SubFactory(UserFactory)
    note = "Ready for a check."


class ReviewEvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = newsroom.ReviewEvidence

    review = factory.SubFactory(ReviewFactory, action="verify", to_state=ReviewState.VERIFIED)
    source = factory.SubFactory(SourceFactory)
    checked = "Matched the words in the source."


class CorrectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = newsroom.Correction

    record = factory.SubFactory(QuoteFactory, state=ReviewState.RETRACTED)
    what_was_wrong = "The quotation was given to the wrong speaker."
    what_changed = "Retracted; the words are another person's."
    created_by = factory.SubFactory(UserFactory)


# Ingest (issue 6): an editor's decision on one proposal of an imported source.


class ProposalReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = sources.ProposalReview

    source = factory.SubFactory(SourceFactory, text="“We will stay,” said Ann Lee.")
    key = "quotation:1-14"
    decision = sources.ProposalDecision.DROPPED
