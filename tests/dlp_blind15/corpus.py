"""The fifteenth DLP corpus (blind): what the staff of regulated industries (banking, insurance, healthcare
administration, telecom and retail customer service, payroll and finance operations, and the IT operations
behind them) send to their assistant, and what it answers, in six kinds in about equal shares; some texts in
German, French, Spanish, Italian, Portuguese, Dutch, Polish and Swedish. PII-heavy: about 1.5-2 labelled
values a text that has any (cards of eight brands, IBANs of many countries, SSNs, phones of many regions, IP
addresses, names, and every credential kind the harness scores), and about one text in four a hard-negative
text with look-alikes only.

    generate(seed) -> list[Sample]     # the format bench/dlp_eval.py scores
"""

from __future__ import annotations

from tests.dlp_blind15.tpl import REGISTRY
from tests.dlp_blind15.values import Values
from tests.dlp_eval.corpus import Sample

SEED = 151_517
COUNT = 400


def generate(seed: int = SEED, count: int = COUNT) -> list[Sample]:
    """`count` texts; templates are drawn by weight, every template at least once."""
    return REGISTRY.generate(Values, seed, count)
