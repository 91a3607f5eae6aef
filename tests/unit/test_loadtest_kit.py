"""deploy/loadtest/ as Azure Load Testing and JMeter read it (no JMeter here): the YAML configs,
the JMeter plan (xml.etree), the prompts CSV and the Locust plan's log columns."""

from __future__ import annotations

import ast
import csv
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from aoai_logpipe.loadtest.sent import LOG_COLUMNS

KIT = Path(__file__).resolve().parents[2] / "deploy" / "loadtest"
ENV = {"VIRTUAL_USERS", "RAMP_UP", "LOOP_COUNT", "RESOURCE", "OPENAI_ENDPOINT", "OPENAI_DEPLOYMENT_NAME",
       "OPENAI_API_VERSION"}
SECRETS = {"TENANT_ID", "CLIENT_ID", "CLIENT_SECRET"}
CSV_VARIABLES = ["label", "messages", "options"]


def config(name: str) -> dict:
    return yaml.safe_load((KIT / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def plan() -> ET.Element:
    return ET.parse(KIT / "aoai-gateway.jmx").getroot()


def props(element: ET.Element) -> dict[str, str]:
    return {p.get("name"): (p.text or "") for p in element if p.tag.endswith("Prop") and p.get("name")}


def children(plan: ET.Element, element: ET.Element) -> list[ET.Element]:
    """The elements under `element` in JMeter's tree (they live in the hashTree that follows it)."""
    for parent in plan.iter("hashTree"):
        items = list(parent)
        if element in items:
            tree = items[items.index(element) + 1]
            return [e for e in tree.iter() if e.get("testclass")]
    raise AssertionError(f"{element.get('testname')} has no hashTree")


def one(plan: ET.Element, testclass: str, within: ET.Element | None = None) -> ET.Element:
    found = [e for e in (children(plan, within) if within is not None else plan.iter()) if e.get("testclass") == testclass]
    assert len(found) == 1, f"{len(found)} {testclass} elements"
    return found[0]


@pytest.mark.parametrize("name, test_type, test_plan", [("aoai-gateway-jmx.yaml", "JMX", "aoai-gateway.jmx"),
                                                        ("aoai-gateway-locust.yaml", "Locust", "locustfile.py")])
def test_each_config_names_its_plan_and_the_files_it_needs(name, test_type, test_plan):
    c = config(name)
    assert c["version"] == "v0.1" and c["testId"] and c["displayName"]
    assert c["testType"] == test_type and c["testPlan"] == test_plan and (KIT / test_plan).is_file()
    assert isinstance(c["engineInstances"], int) and c["engineInstances"] >= 1
    assert c["configurationFiles"] == ["chat_completions.csv"]
    assert all((KIT / f).is_file() for f in c["configurationFiles"])


@pytest.mark.parametrize("name", ["aoai-gateway-jmx.yaml", "aoai-gateway-locust.yaml"])
def test_each_config_stops_a_failing_run(name):
    c = config(name)
    assert "percentage(error) > 80" in c["failureCriteria"]
    assert set(c["autoStop"]) == {"errorPercentage", "timeWindow"}


@pytest.mark.parametrize("name", ["aoai-gateway-jmx.yaml", "aoai-gateway-locust.yaml"])
def test_each_config_passes_the_environment_and_key_vault_secrets(name):
    c = config(name)
    env = {e["name"]: str(e["value"]) for e in c["env"]}
    assert ENV <= set(env) and env["RESOURCE"] == "https://cognitiveservices.azure.com"
    secrets = {s["name"]: s["value"] for s in c["secrets"]}
    assert set(secrets) == SECRETS
    assert all(v.startswith("https://") and ".vault.azure.net/secrets/" in v for v in secrets.values())


@pytest.mark.parametrize("name", ["aoai-gateway-jmx.yaml", "aoai-gateway-locust.yaml"])
def test_each_config_sets_identity_network_and_csv_splitting(name):
    c = config(name)
    assert "/userAssignedIdentities/" in c["keyVaultReferenceIdentity"]
    assert "/subnets/" in c["subnetId"]
    assert isinstance(c["publicIPDisabled"], bool) and isinstance(c["splitAllCSVs"], bool)


def test_the_jmx_config_adds_the_sample_variables_reconcile_reads():
    assert config("aoai-gateway-jmx.yaml")["properties"]["userPropertyFile"] == "user.properties"
    lines = dict(line.split("=", 1) for line in (KIT / "user.properties").read_text().splitlines()
                 if line and not line.startswith("#"))
    assert lines["jmeter.save.saveservice.output_format"] == "csv"
    assert lines["sample_variables"].split(",") == list(LOG_COLUMNS[5:])


def test_the_plan_reads_the_environment_and_the_secrets(plan):
    variables = {props(a)["Argument.name"]: props(a)["Argument.value"]
                 for a in plan.find("hashTree/TestPlan/elementProp/collectionProp")}
    for name in ENV | {"LOADTEST_RUN"}:
        assert any(f'"{name}"' in v and "System.getenv" in v for v in variables.values()), name
    for name in SECRETS:
        assert f"${{__GetSecret({name})}}" in variables.values()


def test_the_thread_group_runs_the_users_ramp_up_and_loops(plan):
    group = one(plan, "ThreadGroup")
    assert props(group)["ThreadGroup.num_threads"] == "${virtual_users}"
    assert props(group)["ThreadGroup.ramp_time"] == "${ramp_up}"
    assert props(group.find("elementProp"))["LoopController.loops"] == "${loop_count}"


def test_a_once_only_controller_gets_one_entra_token_per_user(plan):
    once = one(plan, "OnceOnlyController")
    token = one(plan, "HTTPSamplerProxy", once)
    assert props(token)["HTTPSampler.method"] == "POST"
    assert props(token)["HTTPSampler.path"] == "${authority}/${tenant_id}/oauth2/v2.0/token"
    form = {props(a)["Argument.name"]: props(a)["Argument.value"] for a in token.iter("elementProp")
            if a.get("elementType") == "HTTPArgument"}
    assert form == {"grant_type": "client_credentials", "client_id": "${client_id}", "client_secret": "${client_secret}",
                    "scope": "${resource}/.default"}
    extractor = props(one(plan, "JSONPostProcessor", once))
    assert extractor["JSONPostProcessor.referenceNames"] == "access_token"
    assert extractor["JSONPostProcessor.jsonPathExprs"] == "$.access_token"


def test_the_prompts_csv_has_a_bare_file_name_and_declared_variables(plan):
    data = props(one(plan, "CSVDataSet"))
    assert data["filename"] == "chat_completions.csv"  # no path: the service drops it next to the plan
    assert data["variableNames"].split(",") == CSV_VARIABLES
    assert data["ignoreFirstLine"] == "false" and data["quotedData"] == "true"


def test_the_header_manager_sends_json_the_bearer_token_and_the_run_ids(plan):
    headers = {props(h)["Header.name"]: props(h)["Header.value"] for h in one(plan, "HeaderManager").iter("elementProp")}
    assert headers == {"Content-Type": "application/json", "Authorization": "Bearer ${access_token}",
                       "x-loadtest-run": "${loadtest_run}", "x-loadtest-request": "${loadtest_request}"}
    token = one(plan, "HTTPSamplerProxy", one(plan, "OnceOnlyController"))
    assert one(plan, "HeaderManager") not in children(plan, one(plan, "OnceOnlyController"))
    assert token not in children(plan, one(plan, "GenericController"))  # the form POST gets no JSON headers


def test_every_chat_request_gets_its_own_request_id(plan):
    params = one(plan, "UserParameters", one(plan, "GenericController"))
    assert [p.text for p in params.find("collectionProp")] == ["loadtest_request"]
    assert "__UUID()" in "".join(p.text for p in params.iter("stringProp"))
    assert props(params)["UserParameters.per_iteration"] == "false"  # refreshed before each sampler


def chat_bodies(plan: ET.Element) -> dict[str, dict]:
    """Each chat sampler's body with a CSV row substituted, as JMeter sends it."""
    label, messages, options = next(csv.reader((KIT / "chat_completions.csv").open(encoding="utf-8")))
    out = {}
    for sampler in children(plan, one(plan, "GenericController")):
        if sampler.get("testclass") == "HTTPSamplerProxy":
            assert props(sampler)["HTTPSampler.path"] == \
                "/openai/deployments/${deployment}/chat/completions?api-version=${api_version}"
            raw = next(p.text for p in sampler.iter("stringProp") if p.get("name") == "Argument.value")
            out[sampler.get("testname")] = json.loads(raw.replace("${messages}", messages).replace("${options}", options))
    return out


def test_the_plan_sends_streamed_requests_with_usage_and_non_streamed_ones(plan):
    bodies = chat_bodies(plan)
    assert bodies.keys() == {"chat stream ${label}", "chat json ${label}"}
    assert bodies["chat stream ${label}"]["stream"] is True
    assert bodies["chat stream ${label}"]["stream_options"] == {"include_usage": True}
    assert bodies["chat json ${label}"]["stream"] is False and "stream_options" not in bodies["chat json ${label}"]


def test_the_plan_records_the_usage_of_every_chat_request(plan):
    extractors = {props(e)["RegexExtractor.refname"] for e in children(plan, one(plan, "GenericController"))
                  if e.get("testclass") == "RegexExtractor"}
    assert extractors == set(LOG_COLUMNS[-3:])


def test_the_locust_plan_builds_the_same_bodies_as_the_jmeter_plan(plan):
    source = (KIT / "locustfile.py").read_text()
    namespace: dict = {}
    body = next(n for n in ast.parse(source).body if isinstance(n, ast.FunctionDef) and n.name == "body")
    exec(compile(ast.Module([body], []), "locustfile.py", "exec"), namespace)  # the pure helper, without Locust
    label, messages, options = next(csv.reader((KIT / "chat_completions.csv").open(encoding="utf-8")))
    jmeter = chat_bodies(plan)
    assert json.loads(namespace["body"](messages, options, True)) == jmeter["chat stream ${label}"]
    assert json.loads(namespace["body"](messages, options, False)) == jmeter["chat json ${label}"]


def test_the_locust_log_has_the_columns_reconcile_reads():
    tree = ast.parse((KIT / "locustfile.py").read_text())
    (columns,) = [ast.literal_eval(n.value) for n in tree.body if isinstance(n, ast.Assign)
                  and any(getattr(t, "id", None) == "COLUMNS" for t in n.targets)]
    assert columns == LOG_COLUMNS


def test_the_prompts_csv_has_no_header_and_covers_tools_images_and_long_contexts():
    rows = list(csv.reader((KIT / "chat_completions.csv").open(encoding="utf-8")))
    assert all(len(r) == len(CSV_VARIABLES) for r in rows)
    assert rows[0][0] != CSV_VARIABLES[0]  # a data row, not a header
    requests = [json.loads("{" + f'"messages": {messages}, {options}' + "}") for _, messages, options in rows]
    assert any(r.get("tools") for r in requests)
    assert any(m.get("role") == "tool" for r in requests for m in r["messages"])
    parts = [p for r in requests for m in r["messages"] if isinstance(m["content"], list) for p in m["content"]]
    assert any(p.get("type") == "image_url" and p["image_url"]["url"].startswith("data:image/") for p in parts)
    assert max(len(json.dumps(r["messages"])) for r in requests) > 16_000  # a long context
