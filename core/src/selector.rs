//! Kubernetes label selectors (`matchLabels` and `matchExpressions`).

use crate::document::{Entry, Node};

/// Whether `selector` selects an object with `labels`. An empty selector selects everything;
/// a selector that cannot be read selects nothing (never a silent match).
pub fn matches(selector: Option<&Node>, labels: &[Entry]) -> bool {
    let Some(selector) = selector else {
        return true;
    };
    if selector.is_null() {
        return true;
    }
    if !selector.is_map() {
        return false;
    }
    let label = |key: &str| {
        labels
            .iter()
            .find(|e| &*e.key == key)
            .and_then(|e| e.node.as_str())
    };
    let labels_ok = selector
        .get("matchLabels")
        .map_or(&[][..], Node::as_map)
        .iter()
        .all(|want| label(&want.key) == want.node.as_str());
    let expressions_ok = selector
        .get("matchExpressions")
        .map_or(&[][..], Node::as_seq)
        .iter()
        .all(|expr| {
            let key = expr.str_at("key").unwrap_or("");
            let values: Vec<&str> = expr
                .get("values")
                .map(|v| v.strings().collect())
                .unwrap_or_default();
            match expr.str_at("operator") {
                Some("In") => label(key).is_some_and(|v| values.contains(&v)),
                Some("NotIn") => label(key).is_none_or(|v| !values.contains(&v)),
                Some("Exists") => label(key).is_some(),
                Some("DoesNotExist") => label(key).is_none(),
                _ => false,
            }
        });
    labels_ok && expressions_ok
}

#[cfg(test)]
mod tests {
    use super::matches;
    use crate::source::{parse_file, InputFile, Limits};

    fn node(text: &str) -> crate::document::Node {
        parse_file(
            &InputFile::new("t.yaml", text.as_bytes()),
            &Limits::default(),
        )
        .documents
        .remove(0)
    }

    #[test]
    fn match_labels_and_expressions() {
        let labels = node("app: api\ntier: web\n");
        let labels = labels.as_map();
        assert!(matches(Some(&node("{}")), labels));
        assert!(matches(Some(&node("matchLabels: {app: api}")), labels));
        assert!(!matches(Some(&node("matchLabels: {app: db}")), labels));
        assert!(matches(
            Some(&node(
                "matchExpressions: [{key: tier, operator: In, values: [web, api]}]"
            )),
            labels
        ));
        assert!(!matches(
            Some(&node(
                "matchExpressions: [{key: tier, operator: NotIn, values: [web]}]"
            )),
            labels
        ));
        assert!(matches(
            Some(&node(
                "matchExpressions: [{key: team, operator: DoesNotExist}]"
            )),
            labels
        ));
        assert!(!matches(
            Some(&node("matchExpressions: [{key: team, operator: Exists}]")),
            labels
        ));
        assert!(!matches(
            Some(&node("matchExpressions: [{key: team, operator: Bogus}]")),
            labels
        ));
    }
}
