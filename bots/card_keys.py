"""Card button keys: "<action>:<matter id>", e.g. "accept_case:42" or "ack_card:7".

The notifier renders them from the templates (notify/templates/templates.toml) and WeChat Work
sends the clicked key back in a template_card_event. A key is only a request: it is parsed
strictly here and the action then runs with the clicking staff member's own authorisation, so a
forged key for another department's matter is refused like the API would refuse it.

Actions and their matters:
- ack_card: a supervision card (SupervisionCard.id): acknowledge it
- accept_case: a case (Case.id): accept it (受理)
- callback_satisfied | callback_basic | callback_dissatisfied: a callback visit
  (CallbackVisit.id): the citizen was reached and is satisfied / basically / not satisfied
- callback_unreached: a callback visit: this try did not reach the citizen
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BIGINT_MAX = 2**63 - 1
ACTIONS = frozenset(
    {
        "ack_card",
        "accept_case",
        "callback_satisfied",
        "callback_basic",
        "callback_dissatisfied",
        "callback_unreached",
    }
)
# The matter type each action acts on: the outbox subject_type of the cards about it.
SUBJECTS = {
    "ack_card": "supervision_card",
    "accept_case": "case",
    "callback_satisfied": "callback_visit",
    "callback_basic": "callback_visit",
    "callback_dissatisfied": "callback_visit",
    "callback_unreached": "callback_visit",
}
_KEY = re.compile(r"([a-z_]{1,32}):([1-9][0-9]{0,18})")


@dataclass(frozen=True)
class CardKey:
    action: str
    matter_id: int

    @property
    def subject_type(self) -> str:
        return SUBJECTS[self.action]

    def __str__(self) -> str:
        return f"{self.action}:{self.matter_id}"


def parse_key(key: str) -> CardKey | None:
    match = _KEY.fullmatch(key)
    if match is None or match.group(1) not in ACTIONS:
        return None
    matter_id = int(match.group(2))
    if matter_id > BIGINT_MAX:
        return None
    return CardKey(match.group(1), matter_id)
