//! The policy decisions every host asks for, by name: one JSON input and the settings in, one
//! JSON value out. The OPA module, the JavaScript API and the native tests all call this.

use crate::input::{Scope, Subject};
use crate::settings::Settings;
use crate::verdict::{deny_messages, kubewarden_response};
use posture_core::Report;
use serde_json::{json, Value};

/// Entrypoints in id order; Kubewarden's OPA mode always evaluates id 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entrypoint {
    /// `{"response": {uid, allowed, status: {message}}}`.
    Kubewarden,
    /// The deny messages; an empty list means allowed.
    Deny,
    /// The full report (`report_version` 1.0).
    Report,
}

impl Entrypoint {
    pub const ALL: [Entrypoint; 3] = [Entrypoint::Kubewarden, Entrypoint::Deny, Entrypoint::Report];

    pub fn name(self) -> &'static str {
        match self {
            Entrypoint::Kubewarden => "posture/kubewarden",
            Entrypoint::Deny => "posture/deny",
            Entrypoint::Report => "posture/report",
        }
    }

    pub fn id(self) -> i32 {
        match self {
            Entrypoint::Kubewarden => 0,
            Entrypoint::Deny => 1,
            Entrypoint::Report => 2,
        }
    }

    pub fn from_id(id: i32) -> Option<Entrypoint> {
        Entrypoint::ALL.into_iter().find(|e| e.id() == id)
    }

    pub fn from_name(name: &str) -> Option<Entrypoint> {
        Entrypoint::ALL.into_iter().find(|e| e.name() == name)
    }
}

/// Evaluates one entrypoint. Never fails: bad settings or input deny (fail closed) with the
/// reason, and the report entrypoint returns `{"error": reason}`.
pub fn evaluate(entrypoint: Entrypoint, input: &Value, data: &Value) -> Value {
    let subject = Subject::from_json(input);
    let uid = subject
        .as_ref()
        .map(|s| s.scope.uid().to_string())
        .unwrap_or_default();
    let outcome = subject
        .map_err(|e| e.to_string())
        .and_then(|subject| run(subject, data));
    match outcome {
        Ok((report, scope)) => match entrypoint {
            Entrypoint::Report => serde_json::to_value(&report)
                .unwrap_or_else(|e| refuse(entrypoint, &uid, &e.to_string())),
            Entrypoint::Deny => json!(deny_messages(&report, &scope)),
            Entrypoint::Kubewarden => kubewarden_response(&uid, &deny_messages(&report, &scope)),
        },
        Err(why) => refuse(entrypoint, &uid, &why),
    }
}

/// The answer when nothing could be evaluated: deny with the reason (fail closed), or
/// `{"error": reason}` in place of a report.
pub fn refuse(entrypoint: Entrypoint, uid: &str, why: &str) -> Value {
    match entrypoint {
        Entrypoint::Report => json!({ "error": why }),
        Entrypoint::Deny => json!([format!("posture: {why}")]),
        Entrypoint::Kubewarden => kubewarden_response(uid, &[format!("posture: {why}")]),
    }
}

fn run(subject: Subject, data: &Value) -> Result<(Report, Scope), String> {
    let settings = Settings::from_json(data).map_err(|e| e.to_string())?;
    let report =
        posture_core::scan(&subject.files, &settings.scan_options()).map_err(|e| e.to_string())?;
    Ok((report, subject.scope))
}
