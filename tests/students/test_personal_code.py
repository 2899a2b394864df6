"""Latvian personal codes: the legacy format with its check digit, the new format by shape."""

from datetime import date

import pytest

from backend.students.personal_code import (
    CodeFormat,
    CodeWarning,
    InvalidPersonalCode,
    check_digit,
    mask,
    parse,
)
from tests import factories as f


def _with_wrong_check_digit(code: str) -> str:
    return code[:-1] + str((int(code[-1]) + 1) % 10)


class TestLegacy:
    def test_valid_code_with_correct_check_digit(self) -> None:
        code = f.legacy_code(date(2013, 5, 17), serial=123)
        parsed = parse(code)
        assert parsed.format is CodeFormat.legacy
        assert parsed.normalized == code
        assert parsed.birth_date == date(2013, 5, 17)
        assert parsed.warnings == []

    def test_a_published_example(self) -> None:
        # 1101 - (1*1 + 6*6 + 1*3 + 1*7 + 7*9 + 5*10 + 1*5 + 9*8 + 9*4 + 9*2) = 810; 810 % 11 = 7
        assert check_digit("1611751999") == 7
        parsed = parse("161175-19997")
        assert parsed.birth_date == date(1975, 11, 16)
        assert parsed.warnings == []

    def test_without_hyphen_and_with_spaces_is_normalized(self) -> None:
        code = f.legacy_code(date(1999, 12, 31))
        assert parse(f" {code.replace('-', '')} ").normalized == code

    def test_century_digit_sets_the_birth_year(self) -> None:
        assert parse(f.legacy_code(date(1899, 1, 2))).birth_date == date(1899, 1, 2)
        assert parse(f.legacy_code(date(1999, 1, 2))).birth_date == date(1999, 1, 2)
        assert parse(f.legacy_code(date(2009, 1, 2))).birth_date == date(2009, 1, 2)

    def test_wrong_check_digit_is_a_warning(self) -> None:
        code = _with_wrong_check_digit(f.legacy_code(date(2013, 5, 17)))
        parsed = parse(code)
        assert parsed.normalized == code
        assert parsed.warnings == [CodeWarning.check_digit_mismatch]

    def test_other_birth_date_is_a_warning(self) -> None:
        code = f.legacy_code(date(2013, 5, 17))
        parsed = parse(code, date_of_birth=date(2013, 5, 18))
        assert parsed.warnings == [CodeWarning.birth_date_mismatch]

    @pytest.mark.parametrize("code", ["310213-21234", "000113-21234", "171313-21234"])
    def test_impossible_date_is_invalid(self, code: str) -> None:
        with pytest.raises(InvalidPersonalCode, match="date"):
            parse(code)

    def test_unknown_century_digit_is_invalid(self) -> None:
        with pytest.raises(InvalidPersonalCode):
            parse("170513-31234")


class TestNewFormat:
    @pytest.mark.parametrize("code", ["321234-56789", "32123456789", "391234-00000"])
    def test_valid_shape(self, code: str) -> None:
        parsed = parse(code)
        assert parsed.format is CodeFormat.new
        assert parsed.normalized == f"{code[:6]}-{code[-5:]}"
        assert parsed.birth_date is None
        assert parsed.warnings == []

    @pytest.mark.parametrize(
        "code", ["301234-56789", "321234-5678", "3212345-6789", "32123-456789", "321234-5678X"]
    )
    def test_bad_shape_is_invalid(self, code: str) -> None:
        with pytest.raises(InvalidPersonalCode):
            parse(code)


@pytest.mark.parametrize("garbage", ["", "hello", "12345678901234", "17.05.13-21234", "--"])
def test_garbage_is_invalid(garbage: str) -> None:
    with pytest.raises(InvalidPersonalCode):
        parse(garbage)


def test_mask_keeps_no_digit() -> None:
    assert mask("170513-21234") == "******-*****"
    assert mask("321234-56789") == "******-*****"
