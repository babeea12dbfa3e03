"""A local authority's review period: how long a checked record stays current."""

import pytest
from django.core.exceptions import ValidationError

from tests.factories import LocalAuthorityFactory

pytestmark = pytest.mark.django_db


def test_review_period_defaults_to_twelve_months():
    assert LocalAuthorityFactory().review_period_months == 12


@pytest.mark.parametrize("months", [0, 61])
def test_review_period_outside_one_to_sixty_months_is_refused(months):
    la = LocalAuthorityFactory.build(review_period_months=months)
    with pytest.raises(ValidationError) as error:
        la.full_clean()
    assert "review_period_months" in error.value.message_dict
