"""Reconcile in money: the estimated spend's band from the measured drift, and outlier causes."""

import asyncio
from decimal import Decimal

from aoai_logpipe.reports import drift_money


def reported(model, prompt, completion, **extra):
    return {"model": model, "usage_source": "reported", "drift": {"prompt": prompt, "completion": completion},
            "cost": {"priced": True, "total": "1"}, "request_id": f"r-{model}-{prompt}-{completion}", **extra}


def estimated(model, inp="1", out="1"):
    total = str(Decimal(inp) + Decimal(out))
    return {"model": model, "usage_source": "estimated", "drift": {"prompt": None, "completion": None},
            "cost": {"priced": True, "input": inp, "cached_input": "0", "output": out, "total": total},
            "request_id": f"e-{model}"}


def test_an_estimate_that_runs_high_means_the_true_cost_is_lower_and_the_band_brackets_it():
    rows = [reported("m", d, d) for d in (0.0, 0.1, 0.25, 0.25, 0.25, 0.3, 0.5)] + [estimated("m")]
    models, total = drift_money.bands(rows)
    (band,) = models
    assert band.basis == "model" and band.requests == 1 and band.billed == Decimal(2)
    assert band.likely == Decimal("1.6")  # 2 / (1 + 0.25): the median drift
    assert band.low < band.likely < band.high and band.high == Decimal(2)  # p5 drift 0: the estimate itself
    assert total.likely == band.likely and total.requests == 1


def test_a_model_with_few_samples_borrows_the_drift_of_all_models():
    rows = [reported("a", 0.0, 0.0) for _ in range(6)] + [reported("b", 1.0, 1.0)] + [estimated("b")]
    (band,), _ = drift_money.bands(rows)
    assert band.basis == "all models" and band.likely == Decimal(2)


def test_no_estimated_requests_means_no_band():
    assert drift_money.bands([reported("m", 0.1, 0.1)]) == ([], None)


class Reader:
    def __init__(self, docs):
        self.docs = docs

    async def audit_get(self, request_id):
        return self.docs.get(request_id, [])


def test_outliers_are_put_in_classes_with_an_explanation_each():
    image = {"messages": [{"parts": [{"type": "text"}, {"type": "image", "detail": "high"}]}], "dialect": "v1"}
    rows = [dict(reported("gpt-4o-mini-2024-07-18", 3.0, 0.0), request_id="img-mini", dialect="v1", id="cb-1"),
            dict(reported("gpt-4o", 0.9, 0.0), request_id="img", dialect="v1", id="cb-2"),
            dict(reported("gpt-4.1", 0.0, -0.6), request_id="plain", dialect="v1", id="cb-3"),
            dict(reported("o3-mini", 0.05, -0.9), request_id="think", dialect="apim-gateway-llm-logs", id="cb-4"),
            dict(reported("gpt-4o", 0.7, 0.0), request_id="legacy", dialect="legacy-openai-logger", id="cb-5"),
            dict(reported("gpt-4o", 0.1, 0.1), request_id="fine", dialect="v1", id="cb-6")]
    # the audit document of cb-<key> is au-<key>
    classes, skipped = asyncio.run(drift_money.outliers(Reader({"au-1": [image], "au-2": [image]}), rows))
    found = {c.name: c.requests for c in classes}
    assert found == {"image_gpt4o_mini": ["img-mini"], "image": ["img"], "other": ["plain"], "reasoning": ["think"],
                     "legacy_logger": ["legacy"]} and skipped == 0
    assert all(c.explanation == drift_money.EXPLANATIONS[c.name] for c in classes)
