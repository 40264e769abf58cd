import pytest

from tests import factories


@pytest.mark.django_db
def test_every_factory_builds_a_valid_saved_record():
    for name in dir(factories):
        factory_class = getattr(factories, name)
        if name.endswith("Factory") and name != "UserFactory" and hasattr(factory_class, "_meta"):
            if getattr(factory_class._meta, "model", None) is None:
                continue
            record = factory_class()
            record.full_clean()
            assert type(record)._default_manager.filter(pk=record.pk).exists(), name
