"""policy.wasm in the unmodified PyPI SDK opa-py-wasm, with its defaults.

The shared fixture suite (wasm/fixtures/cases) must give exactly the verdicts in each case's
`expect` block, the same the native engine, the JavaScript API and the npm SDK give.
"""

import json
import os
import pathlib

import pytest
from opapywasm import OpaWasmPolicy

WASM_DIR = pathlib.Path(__file__).resolve().parents[2]
DIST = pathlib.Path(os.environ.get("POSTURE_WASM_DIST", WASM_DIR / "dist"))
CASES = sorted((WASM_DIR / "fixtures" / "cases").glob("*.json"))


def load(path):
    return {"name": path.stem, **json.loads(path.read_text())}


@pytest.fixture(scope="module")
def policy():
    p = OpaWasmPolicy.from_wasm_file(DIST / "policy.wasm")
    yield p
    p.close()


def verdict(policy, case):
    policy.set_data(case["data"])
    deny = policy.evaluate(case["input"], entrypoint="posture/deny")
    report = policy.evaluate(case["input"], entrypoint="posture/report")
    return {"allowed": not deny, "deny": deny, "summary": report.get("summary")}


def kubewarden_response(case, deny):
    request = case["input"].get("request") or {}
    uid = request.get("uid") or (case["input"].get("uid", "") if "operation" in case["input"] else "")
    if not deny:
        return {"response": {"uid": uid, "allowed": True}}
    return {"response": {"uid": uid, "allowed": False, "status": {"message": "; ".join(deny)}}}


def test_loads_as_abi_1_3_with_three_entrypoints(policy):
    assert policy.abi_version == (1, 3)
    assert policy.entrypoints == {"posture/kubewarden": 0, "posture/deny": 1, "posture/report": 2}
    assert policy.builtins == {}


def test_every_fixture_gives_the_shared_verdict(policy):
    assert len(CASES) >= 12, "fixture suite is missing cases"
    verdicts = {}
    for case in map(load, CASES):
        got = verdict(policy, case)
        assert got == case["expect"], f"{case['name']}: verdict differs from the shared expectation"
        kubewarden = policy.evaluate(case["input"], entrypoint=0)
        assert kubewarden == kubewarden_response(case, got["deny"]), case["name"]
        verdicts[case["name"]] = got
    out = os.environ.get("POSTURE_VERDICTS_DIR")
    if out:
        pathlib.Path(out).mkdir(parents=True, exist_ok=True)
        (pathlib.Path(out) / "opa-python.json").write_text(json.dumps(verdicts, indent=2))


def test_raw_result_set(policy):
    case = load(WASM_DIR / "fixtures" / "cases" / "export-public-endpoint.json")
    policy.set_data(case["data"])
    raw = policy.evaluate_raw(case["input"], "posture/deny")
    assert raw == [{"result": case["expect"]["deny"]}]
    # A JSON null input is a document holding nothing to judge (opa-py-wasm always sends one).
    assert policy.evaluate_raw(None, "posture/deny") == [{"result": []}]


def test_bad_settings_deny_with_the_reason(policy):
    policy.set_data({"profile": "fsi", "paramters": {}})
    response = policy.evaluate({"request": {"uid": "u-1", "kind": {"kind": "Pod"}, "operation": "CREATE",
                                            "object": {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}}}},
                               entrypoint=0)["response"]
    assert response["uid"] == "u-1"
    assert response["allowed"] is False
    assert "unknown field `paramters`" in response["status"]["message"]


def test_repeated_evaluation_reuses_its_instance(policy):
    case = load(WASM_DIR / "fixtures" / "cases" / "admission-privileged-sidecar.json")
    policy.set_data(case["data"])
    created = policy.instances_created
    for _ in range(1000):
        assert policy.evaluate(case["input"], entrypoint=0)["response"]["allowed"] is False
    assert policy.instances_created == created
    assert policy.instances_recreated == 0
