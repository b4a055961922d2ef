//! The JavaScript API (wasm-bindgen), for Node and the browser. Every function returns
//! `{ok: true, …}` or `{ok: false, error}`; nothing throws, and nothing touches the network.
// wasm-bindgen's macro expands to unsafe glue code.
#![allow(unsafe_code)]

use crate::entrypoint::{evaluate as evaluate_entrypoint, Entrypoint};
use crate::settings::Settings;
use js_sys::{Array, Object, Reflect, Uint8Array, JSON};
use posture_core::InputFile;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** A file as saved by the AWS CLI or kubectl: its name and its bytes (or text). */
export interface PostureFile { name: string; bytes: Uint8Array | string }
/** Profile, parameters, per-control settings, waivers, evaluation time (RFC 3339), and the
 *  Pod Security Standard level and version for namespaces without labels. */
export interface PostureOptions {
  profile?: string;
  pss_level?: "privileged" | "baseline" | "restricted";
  pss_version?: string;
  parameters?: Record<string, unknown>;
  controls?: Record<string, { enabled?: boolean; severity?: string; parameters?: Record<string, unknown> }>;
  waivers?: unknown[];
  timestamp?: string;
}
export type PostureResult<K extends string> =
  | ({ ok: true } & { [key in K]: string })
  | { ok: false; error: string };
"#;

/// Scans `files` and returns the report as JSON text (`report_version` 1.0). Unreadable files
/// are listed in the report; only bad options are errors.
#[wasm_bindgen(unchecked_return_type = "PostureResult<\"report\">")]
pub fn scan(
    #[wasm_bindgen(unchecked_param_type = "PostureFile[]")] files: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "PostureOptions | undefined")] options: &JsValue,
) -> JsValue {
    let outcome = read_files(files).and_then(|files| {
        let settings = settings(options)?;
        posture_core::scan(&files, &settings.scan_options())
            .map(|report| report.to_json())
            .map_err(|e| e.to_string())
    });
    reply("report", outcome)
}

/// Renders a report (the JSON text `scan` returns) in another format: `json`, `sarif` (SARIF
/// 2.1.0), `oscal` (OSCAL assessment-results) or `policyreport` (Kubernetes PolicyReports), as
/// `posture scan --format …` writes them.
#[wasm_bindgen(unchecked_return_type = "PostureResult<\"output\">")]
pub fn render(
    report: &str,
    #[wasm_bindgen(unchecked_param_type = "\"json\" | \"sarif\" | \"oscal\" | \"policyreport\"")]
    format: &str,
) -> JsValue {
    let outcome = serde_json::from_str::<posture_core::Report>(report)
        .map_err(|e| format!("not a Posture report: {e}"))
        .and_then(|report| match format {
            "json" => Ok(report.to_json()),
            "sarif" => Ok(report.to_sarif()),
            "oscal" => Ok(report.to_oscal()),
            "policyreport" => Ok(report.to_policy_reports()),
            other => Err(format!(
                "unknown format `{other}`: use json, sarif, oscal or policyreport"
            )),
        });
    reply("output", outcome)
}

/// The embedded control catalog as JSON text: version, profiles, frameworks and controls.
#[wasm_bindgen(unchecked_return_type = "PostureResult<\"catalog\">")]
pub fn catalog() -> JsValue {
    let outcome = crate::catalog_json::catalog_json()
        .map(|c| c.to_string())
        .map_err(|e| e.to_string());
    reply("catalog", outcome)
}

/// Evaluates a policy entrypoint (`posture/deny`, `posture/kubewarden`, `posture/report`) as
/// the OPA module does, on a JSON-compatible input and settings; the result is JSON text.
#[wasm_bindgen(unchecked_return_type = "PostureResult<\"result\">")]
pub fn evaluate(
    entrypoint: &str,
    input: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "PostureOptions | undefined")] options: &JsValue,
) -> JsValue {
    let outcome = (|| {
        let entrypoint = Entrypoint::from_name(entrypoint)
            .ok_or_else(|| format!("unknown entrypoint `{entrypoint}`"))?;
        let input = to_json(input)?;
        let data = to_json(options)?;
        Ok(evaluate_entrypoint(entrypoint, &input, &data).to_string())
    })();
    reply("result", outcome)
}

/// The names of the policy entrypoints, in id order.
#[wasm_bindgen]
pub fn entrypoints() -> Vec<String> {
    Entrypoint::ALL
        .iter()
        .map(|e| e.name().to_string())
        .collect()
}

/// This build's version (the report's `tool.version`).
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

fn read_files(files: &JsValue) -> Result<Vec<InputFile>, String> {
    if !Array::is_array(files) {
        return Err("files must be an array of {name, bytes}".into());
    }
    Array::from(files)
        .iter()
        .enumerate()
        .map(|(i, file)| {
            let name = Reflect::get(&file, &"name".into())
                .ok()
                .and_then(|n| n.as_string())
                .ok_or_else(|| format!("files[{i}].name must be a string"))?;
            let bytes = Reflect::get(&file, &"bytes".into()).unwrap_or(JsValue::UNDEFINED);
            let bytes = if let Some(text) = bytes.as_string() {
                text.into_bytes()
            } else if bytes.is_instance_of::<Uint8Array>() {
                Uint8Array::from(bytes).to_vec()
            } else {
                return Err(format!("files[{i}].bytes must be a Uint8Array or a string"));
            };
            Ok(InputFile::new(name, bytes))
        })
        .collect()
}

fn settings(options: &JsValue) -> Result<Settings, String> {
    Settings::from_json(&to_json(options)?).map_err(|e| e.to_string())
}

/// A JavaScript value as JSON; `undefined` and `null` are `null`.
fn to_json(value: &JsValue) -> Result<serde_json::Value, String> {
    if value.is_undefined() || value.is_null() {
        return Ok(serde_json::Value::Null);
    }
    let text = JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or("value cannot be converted to JSON")?;
    serde_json::from_str(&text).map_err(|e| e.to_string())
}

fn reply(key: &str, outcome: Result<String, String>) -> JsValue {
    let object = Object::new();
    let (ok, key, value) = match outcome {
        Ok(value) => (true, key, value),
        Err(error) => (false, "error", error),
    };
    // Setting a property on a fresh plain object cannot fail.
    let _ = Reflect::set(&object, &"ok".into(), &ok.into());
    let _ = Reflect::set(&object, &key.into(), &value.into());
    object.into()
}
