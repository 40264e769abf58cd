"""The timeline admin: events and participants render, search by who took part, lists stay cheap."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from newsroom.workflow import ReviewState
from tests import factories
from timeline.models import Event, Participant

pytestmark = pytest.mark.django_db

MODEL_FACTORIES = {
    "event": factories.EventFactory,
    "participant": factories.ParticipantFactory,
}


def admin_url(model_name, view, *args):
    return reverse(f"admin:timeline_{model_name}_{view}", args=args)


@pytest.mark.parametrize("model_name", MODEL_FACTORIES)
def test_changelist_renders_for_a_superuser(admin_client, model_name):
    MODEL_FACTORIES[model_name]()

    response = admin_client.get(admin_url(model_name, "changelist"))

    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


@pytest.mark.parametrize("model_name", MODEL_FACTORIES)
def test_add_page_renders_for_a_superuser(admin_client, model_name):
    response = admin_client.get(admin_url(model_name, "add"))

    assert response.status_code == 200


@pytest.mark.parametrize("model_name", MODEL_FACTORIES)
def test_change_page_of_a_factory_record_renders_for_a_superuser(admin_client, model_name):
    record = MODEL_FACTORIES[model_name]()

    response = admin_client.get(admin_url(model_name, "change", record.pk))

    assert response.status_code == 200
    assert response.context["original"] == record


def test_event_changelist_shows_dates_to_their_precision_and_links_participants(admin_client):
    event = factories.EventFactory(
        starts_on=datetime.date(2017, 5, 1),
        starts_on_precision="month",
        ends_on=datetime.date(2019, 1, 1),
        ends_on_precision="year",
    )
    participant = factories.ParticipantFactory(event=event)

    response = admin_client.get(admin_url("event", "changelist"))

    content = response.content.decode()
    assert "May 2017 – 2019" in content
    assert reverse("admin:sources_person_change", args=[participant.person.pk]) in content


def test_event_search_finds_an_event_by_the_alias_of_a_participant(admin_client):
    erdogan = factories.PersonFactory(name="Recep Tayyip Erdoğan")
    factories.AliasFactory(person=erdogan, name="Erdogan")
    event = factories.EventFactory(title="Turkey signs the extradition treaty")
    factories.ParticipantFactory(event=event, person=erdogan)
    factories.ParticipantFactory(event=event)
    factories.EventFactory(title="China ratifies the extradition treaty")

    response = admin_client.get(admin_url("event", "changelist"), {"q": "Erdogan"})

    assert list(response.context["cl"].result_list) == [event]


def test_adding_a_participant_who_is_both_a_person_and_an_organization_is_refused(
    admin_client,
):
    event = factories.EventFactory()

    response = admin_client.post(
        admin_url("participant", "add"),
        {
            "event": event.pk,
            "role": "signatory",
            "person": factories.PersonFactory().pk,
            "organization": factories.OrganizationFactory().pk,
        },
    )

    assert response.status_code == 200
    assert "a person or an organization" in str(response.context["adminform"].form.errors)
    assert not Participant.objects.exists()


def make_event():
    event = factories.EventFactory(sources=[factories.SourceFactory()])
    factories.ParticipantFactory(event=event)
    factories.ParticipantFactory(
        event=event, person=None, organization=factories.OrganizationFactory(), role=""
    )


def test_event_changelist_costs_as_many_queries_for_20_rows_as_for_1(
    admin_client, django_assert_num_queries
):
    url = admin_url("event", "changelist")
    make_event()
    admin_client.get(url)  # warm the caches a first request fills
    with CaptureQueriesContext(connection) as one_row:
        admin_client.get(url)
    for _ in range(19):
        make_event()

    with django_assert_num_queries(len(one_row.captured_queries)):
        response = admin_client.get(url)

    assert len(response.context["cl"].result_list) == 20


def test_adding_an_event_with_its_participants_saves_them(admin_client, superuser):
    person = factories.PersonFactory()
    organization = factories.OrganizationFactory()

    response = admin_client.post(
        admin_url("event", "add"),
        {
            "title": "China ratifies the extradition treaty with Turkey",
            "starts_on": "2020-12-26",
            "starts_on_precision": "day",
            "participants-TOTAL_FORMS": "2",
            "participants-INITIAL_FORMS": "0",
            "participants-MIN_NUM_FORMS": "0",
            "participants-MAX_NUM_FORMS": "1000",
            "participants-0-organization": organization.pk,
            "participants-0-role": "ratifying body",
            "participants-1-person": person.pk,
            "participants-1-role": "signatory",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Participant.objects.filter(event__starts_on=datetime.date(2020, 12, 26)).count() == 2
    event = Event.objects.get()
    assert (event.state, event.created_by) == (ReviewState.DRAFT, superuser)
