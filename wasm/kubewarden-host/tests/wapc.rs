//! kubewarden.wasm in a real waPC host (`wapc` + `wasmtime-provider`, as Kubewarden's
//! policy-evaluator runs policies): metadata, `protocol_version`, `validate_settings`, and the
//! shared fixture suite through `validate`, which must give each case's expected verdict.
//! Admission requests go to the `kubernetes` policy, everything else to the `raw` variant, as
//! policy-server's `/validate` and `/validate_raw` would send them.

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use wapc::WapcHost;
use wasmtime_provider::WasmtimeEngineProviderBuilder;

fn wasm_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn dist() -> PathBuf {
    std::env::var_os("POSTURE_WASM_DIST").map_or_else(|| wasm_dir().join("dist"), PathBuf::from)
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e} (run wasm/build.sh)", path.display()))
}

fn host(file: &str) -> WapcHost {
    let bytes = read(&dist().join(file));
    let engine = WasmtimeEngineProviderBuilder::new()
        .module_bytes(&bytes)
        .build()
        .unwrap();
    // Like policy-evaluator for a policy that is not context-aware: no host capabilities.
    let callback = Box::new(|_: u64, _: &str, _: &str, _: &str, _: &[u8]| {
        Err::<Vec<u8>, _>("no host capabilities".into())
    });
    WapcHost::new(Box::new(engine), Some(callback)).unwrap()
}

fn call(host: &WapcHost, op: &str, payload: &Value) -> Value {
    let reply = host.call(op, payload.to_string().as_bytes()).unwrap();
    serde_json::from_slice(&reply).unwrap()
}

/// The payload of a custom section, read straight from the module's bytes.
fn custom_section(wasm: &[u8], wanted: &str) -> Option<Vec<u8>> {
    fn leb(bytes: &[u8], at: &mut usize) -> usize {
        let (mut value, mut shift) = (0usize, 0);
        loop {
            let byte = bytes[*at];
            *at += 1;
            value |= usize::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return value;
            }
            shift += 7;
        }
    }
    let mut at = 8; // magic and version
    while at < wasm.len() {
        let id = wasm[at];
        at += 1;
        let size = leb(wasm, &mut at);
        let end = at + size;
        if id == 0 {
            let mut name_at = at;
            let len = leb(wasm, &mut name_at);
            if &wasm[name_at..name_at + len] == wanted.as_bytes() {
                return Some(wasm[name_at + len..end].to_vec());
            }
        }
        at = end;
    }
    None
}

#[test]
fn metadata_is_embedded_for_both_policy_types() {
    for (file, policy_type) in [
        ("kubewarden.wasm", "kubernetes"),
        ("kubewarden-raw.wasm", "raw"),
    ] {
        let wasm = read(&dist().join(file));
        let section = custom_section(&wasm, "io.kubewarden.metadata").expect("metadata section");
        let meta: Value = serde_json::from_slice(&section).unwrap();
        assert_eq!(meta["protocolVersion"], "v1", "{file}");
        assert_eq!(meta["mutating"], false, "{file}");
        assert_eq!(meta["executionMode"], "kubewarden-wapc", "{file}");
        assert_eq!(meta["policyType"], policy_type, "{file}");
        let annotations = &meta["annotations"];
        assert_eq!(annotations["io.kubewarden.policy.title"], "posture");
        assert!(annotations["io.kubewarden.policy.description"].is_string());
        assert_eq!(annotations["io.kubewarden.policy.severity"], "high");
        let rules = meta["rules"].as_array().unwrap();
        if policy_type == "kubernetes" {
            let resources: Vec<&str> = rules
                .iter()
                .flat_map(|r| r["resources"].as_array().unwrap())
                .filter_map(Value::as_str)
                .collect();
            assert!(resources.contains(&"pods") && resources.contains(&"deployments"));
        } else {
            assert!(rules.is_empty());
        }
    }
}

#[test]
fn speaks_protocol_v1() {
    let reply = host("kubewarden.wasm")
        .call("protocol_version", b"")
        .unwrap();
    assert_eq!(reply, b"\"v1\"");
}

#[test]
fn settings_are_validated_as_a_scan_would() {
    let policy = host("kubewarden.wasm");
    let valid = |settings: Value| call(&policy, "validate_settings", &settings);
    assert_eq!(valid(json!({})), json!({"valid": true, "message": null}));
    assert_eq!(
        valid(
            json!({"profile": "cis-eks", "pss_level": "baseline", "pss_version": "v1.30",
                     "parameters": {"regulated_namespaces": ["payments"]}})
        )["valid"],
        true
    );
    for (settings, reason) in [
        (json!({"profile": "pci"}), "unknown profile `pci`"),
        (json!({"pss_level": "strict"}), "pss_level"),
        (json!({"paramters": {}}), "unknown field `paramters`"),
        (
            json!({"parameters": {"min_prefix_len": "24"}}),
            "min_prefix_len",
        ),
        (json!({"timestamp": "now"}), "RFC 3339"),
    ] {
        let reply = valid(settings.clone());
        assert_eq!(reply["valid"], false, "{settings}");
        let message = reply["message"].as_str().unwrap();
        assert!(message.contains(reason), "{settings}: {message}");
    }
}

/// What Kubewarden hands `validate`: the AdmissionRequest (from a review or Kubewarden's own
/// envelope) for the kubernetes policy, or the raw JSON for the raw one.
fn request(input: &Value) -> (&'static str, &Value) {
    let admission = |v: &Value| v.get("uid").is_some() && v.get("operation").is_some();
    match input.get("request") {
        Some(r) if admission(r) => ("kubewarden.wasm", r),
        Some(raw) if input.as_object().is_some_and(|o| o.len() == 1) => {
            ("kubewarden-raw.wasm", raw)
        }
        _ if admission(input) => ("kubewarden.wasm", input),
        _ => ("kubewarden-raw.wasm", input),
    }
}

#[test]
fn every_fixture_gives_the_shared_verdict() {
    let (kubernetes, raw) = (host("kubewarden.wasm"), host("kubewarden-raw.wasm"));
    let dir = wasm_dir().join("fixtures/cases");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 12, "fixture suite is missing cases");
    let mut verdicts = serde_json::Map::new();
    for path in paths {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let case: Value = serde_json::from_slice(&read(&path)).unwrap();
        let (file, request) = request(&case["input"]);
        let policy = if file == "kubewarden.wasm" {
            &kubernetes
        } else {
            &raw
        };
        let payload = json!({"request": request, "settings": case["data"]});
        let response = call(policy, "validate", &payload);
        let expect = &case["expect"];
        let deny: Vec<&str> = expect["deny"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m.as_str().unwrap())
            .collect();
        assert_eq!(response["accepted"], expect["allowed"], "{name}: accepted");
        let message = response["message"].as_str().map(str::to_string);
        let expected = (!deny.is_empty()).then(|| deny.join("; "));
        assert_eq!(message, expected, "{name}: message");
        verdicts.insert(
            name,
            json!({"allowed": response["accepted"], "message": message}),
        );
    }
    if let Some(dir) = std::env::var_os("POSTURE_VERDICTS_DIR") {
        std::fs::create_dir_all(&dir).unwrap();
        let text = serde_json::to_string_pretty(&verdicts).unwrap();
        std::fs::write(PathBuf::from(dir).join("kubewarden-wapc.json"), text).unwrap();
    }
}
