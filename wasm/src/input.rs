//! What a policy host hands in, turned into the named files the core scans.
//!
//! Hosts pass one JSON document. It is read as, in this order: a Kubernetes `AdmissionReview`,
//! Kubewarden's `{"request": …}` envelope, an `AdmissionRequest`, an export bundle
//! `{"files": {name: content}}`, or else one document on its own (a Kubernetes object or list,
//! or a raw AWS CLI export such as `aws eks describe-cluster`), which the core recognises by
//! content like any file.

use posture_core::InputFile;
use serde_json::Value;

/// The files to scan and what the verdict is about.
#[derive(Clone, Debug)]
pub struct Subject {
    pub files: Vec<InputFile>,
    pub scope: Scope,
}

/// What a verdict judges.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// An admission request; the decision answers the request with this uid.
    Request { uid: String },
    /// One Kubernetes object on its own, as in a manifest.
    Object,
    /// Exports and manifests of a whole cluster.
    Bundle,
}

impl Scope {
    /// Whether the verdict is about one object seen without the rest of its cluster.
    pub fn is_single_object(&self) -> bool {
        !matches!(self, Scope::Bundle)
    }

    /// The admission request's uid; empty for anything else (as Kubewarden expects).
    pub fn uid(&self) -> &str {
        match self {
            Scope::Request { uid } => uid,
            _ => "",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("input: `files` must be an object of file name to content")]
    FilesNotAnObject,
    #[error("input: file `{0}` has no content (null)")]
    EmptyFile(String),
    #[error("input: AdmissionRequest `object` must be an object or null")]
    AdmissionObject,
}

impl Subject {
    pub fn from_json(input: &Value) -> Result<Subject, InputError> {
        if let Some(request) = admission_review(input) {
            return Subject::admission(request);
        }
        if let Some(inner) = kubewarden_envelope(input) {
            if is_admission_request(inner) {
                return Subject::admission(inner);
            }
            return Subject::raw(inner);
        }
        if is_admission_request(input) {
            return Subject::admission(input);
        }
        Subject::raw(input)
    }

    fn admission(request: &Value) -> Result<Subject, InputError> {
        let uid = request
            .get("uid")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let files = match request.get("object") {
            // DELETE and some CONNECT requests carry no object: nothing to judge.
            None | Some(Value::Null) => Vec::new(),
            Some(object @ Value::Object(_)) => vec![json_file(&admission_name(request), object)],
            Some(_) => return Err(InputError::AdmissionObject),
        };
        Ok(Subject {
            files,
            scope: Scope::Request { uid },
        })
    }

    fn raw(input: &Value) -> Result<Subject, InputError> {
        if let Some(files) = bundle_files(input) {
            return Ok(Subject {
                files: files?,
                scope: Scope::Bundle,
            });
        }
        let scope = if is_kubernetes_object(input) {
            Scope::Object
        } else {
            Scope::Bundle
        };
        Ok(Subject {
            files: vec![json_file("input.json", input)],
            scope,
        })
    }
}

fn admission_review(input: &Value) -> Option<&Value> {
    let kind = input.get("kind").and_then(Value::as_str);
    let request = input.get("request")?;
    (kind == Some("AdmissionReview") && request.is_object()).then_some(request)
}

/// Kubewarden's OPA mode wraps whatever it validates as `{"request": …}`.
fn kubewarden_envelope(input: &Value) -> Option<&Value> {
    let object = input.as_object()?;
    if object.len() != 1 {
        return None;
    }
    object.get("request")
}

/// Kubernetes' `AdmissionRequest`: `uid`, `kind` {group, version, kind} and `operation`.
fn is_admission_request(value: &Value) -> bool {
    value.get("uid").is_some_and(Value::is_string)
        && value.get("operation").is_some_and(Value::is_string)
        && value.get("kind").is_some_and(Value::is_object)
}

/// One Kubernetes object (not a `List`): `apiVersion`, `kind` and `metadata`.
fn is_kubernetes_object(value: &Value) -> bool {
    let kind = value.get("kind").and_then(Value::as_str).unwrap_or("");
    value.get("apiVersion").is_some_and(Value::is_string)
        && value.get("metadata").is_some_and(Value::is_object)
        && !kind.is_empty()
        && !kind.ends_with("List")
}

/// `{"files": {...}}` and nothing else; `None` when the input is not a bundle.
fn bundle_files(input: &Value) -> Option<Result<Vec<InputFile>, InputError>> {
    let object = input.as_object()?;
    if object.len() != 1 {
        return None;
    }
    let files = object.get("files")?;
    let Some(files) = files.as_object() else {
        return Some(Err(InputError::FilesNotAnObject));
    };
    Some(
        files
            .iter()
            .map(|(name, content)| match content {
                // Text as saved: YAML, or JSON exactly as the CLI printed it.
                Value::String(text) => Ok(InputFile::new(name.clone(), text.as_bytes())),
                Value::Null => Err(InputError::EmptyFile(name.clone())),
                other => Ok(json_file(name, other)),
            })
            .collect(),
    )
}

/// Pretty-printed so evidence positions point at readable lines.
fn json_file(name: &str, value: &Value) -> InputFile {
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    InputFile::new(name, text.into_bytes())
}

/// `admission/<namespace>/<Kind>/<name>.json`, so evidence names what was admitted.
fn admission_name(request: &Value) -> String {
    let field = |key: &str| request.get(key).and_then(Value::as_str).unwrap_or("");
    let kind = request
        .pointer("/kind/kind")
        .and_then(Value::as_str)
        .unwrap_or("object");
    let namespace = match field("namespace") {
        "" => "_cluster",
        ns => ns,
    };
    let name = match field("name") {
        "" => "_generated",
        name => name,
    };
    format!("admission/{namespace}/{kind}/{name}.json")
}

#[cfg(test)]
mod tests {
    use super::{Scope, Subject};
    use serde_json::json;

    /// What a subject amounts to: file names and contents, and the admission uid.
    fn shape(s: &Subject) -> (Vec<(String, Vec<u8>)>, String) {
        let files = s.files.iter().map(|f| (f.name.clone(), f.bytes.clone()));
        (files.collect(), s.scope.uid().to_string())
    }

    fn request() -> serde_json::Value {
        json!({
            "uid": "705ab4f5-6393-11e8-b7cc-42010a800002",
            "kind": {"group": "", "version": "v1", "kind": "Pod"},
            "operation": "CREATE",
            "name": "web",
            "namespace": "payments",
            "object": {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"}}
        })
    }

    #[test]
    fn admission_review_and_envelope_and_bare_request_agree() {
        let bare = Subject::from_json(&request()).unwrap();
        let review = Subject::from_json(&json!({
            "apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": request()
        }))
        .unwrap();
        let envelope = Subject::from_json(&json!({"request": request()})).unwrap();
        assert_eq!(shape(&bare), shape(&review));
        assert_eq!(shape(&bare), shape(&envelope));
        assert_eq!(bare.scope.uid(), "705ab4f5-6393-11e8-b7cc-42010a800002");
        assert_eq!(bare.files.len(), 1);
        assert_eq!(bare.files[0].name, "admission/payments/Pod/web.json");
    }

    #[test]
    fn delete_requests_have_nothing_to_scan() {
        let mut r = request();
        r["operation"] = json!("DELETE");
        r["object"] = json!(null);
        let s = Subject::from_json(&r).unwrap();
        assert!(s.files.is_empty());
        assert!(matches!(s.scope, Scope::Request { .. }));
    }

    #[test]
    fn bundles_keep_names_and_text() {
        let s = Subject::from_json(&json!({"files": {
            "k8s.yaml": "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n",
            "cluster.json": {"cluster": {"name": "prod"}}
        }}))
        .unwrap();
        assert_eq!(s.scope, Scope::Bundle);
        let names: Vec<_> = s.files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["cluster.json", "k8s.yaml"]);
        assert!(s.files[1].bytes.starts_with(b"apiVersion: v1"));
        assert!(Subject::from_json(&json!({"files": []})).is_err());
    }

    #[test]
    fn anything_else_is_one_document() {
        let raw = json!({"cluster": {"name": "prod"}});
        let s = Subject::from_json(&json!({"request": raw})).unwrap();
        assert_eq!(s.files.len(), 1);
        assert_eq!(s.files[0].name, "input.json");
        assert_eq!(s.scope, Scope::Bundle);
        assert_eq!(shape(&s), shape(&Subject::from_json(&raw).unwrap()));
    }

    #[test]
    fn a_lone_kubernetes_object_is_judged_on_its_own() {
        let object = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"}});
        assert_eq!(Subject::from_json(&object).unwrap().scope, Scope::Object);
        let list = json!({"apiVersion": "v1", "kind": "List", "metadata": {}, "items": []});
        assert_eq!(Subject::from_json(&list).unwrap().scope, Scope::Bundle);
    }
}
