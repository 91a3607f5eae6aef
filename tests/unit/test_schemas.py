"""The published JSON Schemas are generated from the models and kept current."""

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from aoai_logpipe.model import V1_ADAPTER, json_schemas

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"


@pytest.mark.parametrize("name", sorted(json_schemas()))
def test_checked_in_schema_is_current(name):
    expected = json.dumps(json_schemas()[name], indent=2, sort_keys=True) + "\n"
    assert (SCHEMAS / name).read_text(encoding="utf-8") == expected, f"run `aoai-logpipe schemas` to refresh {name}"


def test_v1_envelope_requires_schema_type_request_id_and_time():
    with pytest.raises(ValidationError) as err:
        V1_ADAPTER.validate_python({"schema": "aoai-logpipe/v1", "type": "end", "chunks": 1})
    missing = {e["loc"][-1] for e in err.value.errors()}
    assert {"request_id", "time"} <= missing


def test_v1_time_must_be_a_timestamp():
    with pytest.raises(ValidationError):
        V1_ADAPTER.validate_python({"schema": "aoai-logpipe/v1", "type": "end", "request_id": "r", "time": "later", "chunks": 0})
