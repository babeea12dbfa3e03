"""The practice questionnaire: same forms and validation, nothing saved."""

from __future__ import annotations

from django.apps import apps

from .conftest import DETAILS, INVESTMENT_ROW, WORKFORCE_ROW, formset_data


def row_counts() -> dict[str, int]:
    """Rows in every table of the mapping and directory apps."""
    models = [
        *apps.get_app_config("mapping").get_models(),
        *apps.get_app_config("directory").get_models(),
    ]
    return {model._meta.label: model._default_manager.count() for model in models}


def practice(details: dict, investment: list[dict], workforce: list[dict], button="submit"):
    return (
        details
        | formset_data("investment", investment)
        | formset_data("workforce", workforce)
        | {button: "1"}
    )


def test_valid_practice_answers_are_checked_and_nothing_is_saved(world, login):
    client = login(world.users["delegate_unassigned"])
    before = row_counts()
    assert len(before) >= 15
    response = client.post(
        "/mapping/sandbox/",
        practice(DETAILS, [INVESTMENT_ROW, INVESTMENT_ROW | {"basis": "actual"}], [WORKFORCE_ROW]),
    )
    assert response.status_code == 200
    assert "Your practice answers are valid. Nothing has been saved." in response.content.decode()
    assert row_counts() == before


def test_invalid_practice_answers_get_the_real_validation_messages(world, login):
    client = login(world.users["lead"])
    before = row_counts()
    response = client.post(
        "/mapping/sandbox/",
        practice(
            DETAILS | {"tier": "", "overlap_percent": "150"},
            [INVESTMENT_ROW | {"amount": "1.2.3"}],
            [WORKFORCE_ROW | {"group": "pilots"}],
        ),
    )
    html = response.content.decode()
    assert "Select the tier of this service." not in html  # completeness waits for valid fields
    assert "Ensure this value is less than or equal to 100." in html
    assert "Enter an amount in pounds, like 1,234.50" in html
    assert "Workforce line 1, group: Select a valid choice." in html
    assert "valid. Nothing has been saved" not in html
    response = client.post(
        "/mapping/sandbox/", practice(DETAILS | {"tier": ""}, [INVESTMENT_ROW], [])
    )
    assert "Select the tier of this service." in response.content.decode()
    # Saving for later accepts gaps, like the real form, and still saves nothing.
    response = client.post(
        "/mapping/sandbox/", practice(DETAILS | {"tier": ""}, [], [], button="save")
    )
    assert "Nothing has been saved." in response.content.decode()
    assert row_counts() == before
