use serde_json::Value;
use std::collections::BTreeMap;

/// The parameter values in force for one control, already checked against their types.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Params(pub BTreeMap<String, Value>);

impl Params {
    pub fn bool(&self, name: &str) -> bool {
        self.0.get(name).and_then(Value::as_bool).unwrap_or(false)
    }

    pub fn int(&self, name: &str) -> Option<i64> {
        self.0.get(name).and_then(Value::as_i64)
    }

    pub fn str(&self, name: &str) -> Option<&str> {
        self.0.get(name).and_then(Value::as_str)
    }

    pub fn strings(&self, name: &str) -> Vec<&str> {
        self.each_string(name).collect()
    }

    /// The strings of a list parameter, without collecting them (for per-resource checks).
    pub fn each_string(&self, name: &str) -> impl Iterator<Item = &str> {
        self.0
            .get(name)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
    }
}
