import pytest

from safetymap.people.identifiers import nhs_number_problem, upn_check_letter, upn_problem


@pytest.mark.parametrize("valid", ["9434765919", "943 476 5919", "943-476-5919", "4010232137"])
def test_valid_nhs_numbers_pass_the_modulus_11_check(valid):
    assert nhs_number_problem(valid) is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("9434765918", "not a valid NHS number"),  # wrong check digit
        ("943476591", "10 numbers"),  # too short
        ("94347659190", "10 numbers"),  # too long
        ("94347A5919", "10 numbers"),
        ("1000000010", "not a valid NHS number"),  # check digit would be 10: never issued
    ],
)
def test_invalid_nhs_numbers_are_refused_with_a_reason(value, message):
    assert message in nhs_number_problem(value)


def test_upn_check_letter_is_validated():
    body = "820200101001"
    upn = upn_check_letter(body) + body
    assert upn_problem(upn) is None
    wrong = ("A" if upn[0] != "A" else "B") + body
    assert "not a valid UPN" in upn_problem(wrong)


def test_temporary_upn_may_end_in_a_letter():
    body = "82020010100A"
    assert upn_problem(upn_check_letter(body) + body) is None


@pytest.mark.parametrize("value", ["", "A12345", "A1234567890123", "AB23456789012"])
def test_badly_formed_upns_are_refused(value):
    assert "13 characters" in upn_problem(value)
