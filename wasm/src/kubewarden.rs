//! The Kubewarden policy (waPC protocol `v1`, `kubewarden.wasm`): `validate` answers admission
//! requests and, in the `raw` variant, raw EKS exports; `validate_settings` checks settings as a
//! scan would. The metadata section is added by the post-link step (`wasm/postlink`).
// `#[no_mangle]` on `wapc_init` is an unsafe attribute.
#![allow(unsafe_code)]

#[cfg(any(feature = "js", feature = "opa"))]
compile_error!("feature `kubewarden` builds its own module; enable one module feature at a time");

use crate::entrypoint::{evaluate, Entrypoint};
use crate::settings::Settings;
use kubewarden_policy_sdk::settings::Validatable;
use kubewarden_policy_sdk::wapc_guest::{register_function, CallResult};
use kubewarden_policy_sdk::{
    accept_request, protocol_version_guest, reject_request, validate_settings,
};
use serde::Deserialize;
use serde_json::Value;

#[no_mangle]
pub extern "C" fn wapc_init() {
    register_function("validate", validate);
    register_function("validate_settings", validate_settings::<SettingsDocument>);
    register_function("protocol_version", protocol_version_guest);
}

/// `{"request": AdmissionRequest or raw JSON, "settings": {...}}`.
#[derive(Deserialize)]
struct ValidationPayload {
    request: Value,
    #[serde(default)]
    settings: Value,
}

fn validate(payload: &[u8]) -> CallResult {
    let deny = match serde_json::from_slice::<ValidationPayload>(payload) {
        Ok(p) => evaluate(Entrypoint::Deny, &p.request, &p.settings),
        Err(e) => Value::from(vec![format!("posture: unreadable validation request: {e}")]),
    };
    let messages: Vec<&str> = deny
        .as_array()
        .map(|d| d.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if messages.is_empty() {
        accept_request()
    } else {
        reject_request(Some(messages.join("; ")), None, None, None)
    }
}

/// The settings document as given, checked like OPA `data` and the JavaScript options.
#[derive(Deserialize)]
#[serde(transparent)]
struct SettingsDocument(Value);

impl Validatable for SettingsDocument {
    fn validate(&self) -> Result<(), String> {
        Settings::from_json(&self.0)
            .and_then(|s| s.check())
            .map_err(|e| e.to_string())
    }
}
