"""Values and prose as a Chinese reader expects them: 15万元, 150,000.01元, 30人, 60%, 是/否.

Money that is a whole number of 万 (or 亿) is written so; any other amount is written to the fen
with thousands separators, so a figure one fen past a threshold is never rounded onto it.
"""

from __future__ import annotations

import re
from decimal import Decimal

from .labels import known_ids, value_label

_WAN = Decimal(10_000)
_YI = Decimal(100_000_000)


def _plain(number: Decimal) -> str:
    """An exact decimal without exponent or trailing zeros."""
    text = format(number.normalize(), "f")
    return text


def money(value: Decimal | int) -> str:
    number = Decimal(value)
    if number != 0 and (number % _YI == 0 or (abs(number) >= _YI and number % _WAN == 0)):
        return f"{_plain(number / _YI)}亿元"
    if number != 0 and number % _WAN == 0:
        return f"{_plain(number / _WAN)}万元"
    if number == number.to_integral_value():
        return f"{int(number):,}元"
    return f"{number.quantize(Decimal('0.01')):,}元"


def percent(value: Decimal | int) -> str:
    return f"{_plain(Decimal(value) * 100)}%"


def value(val: object, kind: str | None = None, name: str | None = None) -> str:
    """One value, in the unit its kind implies (``kind`` from the field, fact or parameter)."""
    if val is None:
        return "未知"
    if val is True:
        return "是"
    if val is False:
        return "否"
    if isinstance(val, Decimal | int):
        if kind == "money":
            return money(val)
        if kind == "ratio":
            return percent(val)
        if kind == "count":
            return f"{_plain(Decimal(val))}人"
        if kind == "years":
            return f"{_plain(Decimal(val))}年"
        return _plain(Decimal(val))
    return value_label(name, str(val))


def distance(val: object, kind: str | None) -> str:
    """How far an observed value is from its figure: 1万元, 5个百分点, 2人."""
    if not isinstance(val, Decimal | int) or isinstance(val, bool):
        return ""
    if kind == "ratio":
        return f"{_plain(Decimal(val) * 100)}个百分点"
    return value(val, kind)


_ID = re.compile(r" ?(?<![A-Za-z0-9_.])((?:national\.)?[a-z][a-z0-9]*(?:_[a-z0-9]+)+)(?![A-Za-z0-9_]) ?")
# a space that YAML folding (``>-``) left beside Chinese punctuation or between two characters; a
# space between two issuers (财政部 税务总局公告, after 部/局/委/会/院/行/署) is the documents' own
_FOLD = re.compile(
    r"(?<=[，。；：、！？）》」』】”’])[ \t\n]+|[ \t\n]+(?=[，。；：、！？（）《「『【“])"
    r"|(?<=[\u4e00-\u9fff])(?<![部局委会院行署])[ \t\n]+(?=[\u4e00-\u9fff])"
)


#: rule-format words that notes use for parts of a rule
_WORDS_ZH = {
    "amount": "金额说明", "when": "条件", "examples": "示例", "true": "是", "false": "否", "programme": "扶持项目",
    "eligible": "符合", "ineligible": "不符合", "undetermined": "待定", "not_in_force": "未生效",
    "in_force": "有效期", "enterprise": "企业", "national.yaml": "国家规则", "national.*": "相应国家参数",
}
_WORDS = re.compile(r" ?(national\.yaml|national\.[a-z_]*\*|\b(?:" + "|".join(k for k in _WORDS_ZH if "." not in k) + r")\b) ?")


def prose(text: str) -> str:
    """A rule file's note for a Chinese reader: ids replaced by their labels, folding spaces removed."""
    names = known_ids()

    def named(match: re.Match[str]) -> str:
        bare = match.group(1).removeprefix("national.")
        # the spaces that set an id apart from Chinese prose go with it
        return names.get(bare, match.group(0))

    text = _WORDS.sub(lambda m: _WORDS_ZH.get(m.group(1), _WORDS_ZH["national.*"]), _ID.sub(named, text))
    return _FOLD.sub("", text).strip()


__all__ = ["distance", "money", "percent", "prose", "value"]
