//! How statuses, severities and areas are shown: words and a symbol as well as colour, so
//! nothing depends on colour alone.

use posture_core::{Severity, Status};

pub fn status_label(status: Status) -> &'static str {
    match status {
        Status::Pass => "Pass",
        Status::Fail => "Fail",
        Status::Warn => "Warning",
        Status::NotApplicable => "Not applicable",
        Status::NotAssessed => "Not assessed",
        Status::Manual => "Manual",
        Status::Error => "Error",
        Status::Waived => "Waived",
    }
}

/// A symbol beside the label (hidden from screen readers, which read the label).
pub fn status_icon(status: Status) -> &'static str {
    match status {
        Status::Pass => "✓",
        Status::Fail => "✗",
        Status::Warn => "!",
        Status::NotApplicable => "–",
        Status::NotAssessed => "?",
        Status::Manual => "✎",
        Status::Error => "⚠",
        Status::Waived => "≈",
    }
}

/// CSS class for a status badge, e.g. `status-not_assessed`.
pub fn status_class(status: Status) -> String {
    format!("badge status-{}", status.as_str())
}

pub fn severity_label(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "Critical",
        Severity::High => "High",
        Severity::Medium => "Medium",
        Severity::Low => "Low",
        Severity::Info => "Info",
    }
}

pub fn severity_class(severity: Severity) -> String {
    format!("badge severity-{}", severity.as_str())
}

/// `pod-security` → `Pod security`.
pub fn area_label(area: &str) -> String {
    let words = area.replace('-', " ");
    match area {
        "rbac" => "RBAC".into(),
        _ => {
            let mut chars = words.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        }
    }
}

/// `1234567` → `1.2 MB`.
pub fn bytes(n: usize) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    match (unit, UNITS.get(unit)) {
        (0, _) => format!("{n} B"),
        (_, Some(u)) => format!("{value:.1} {u}"),
        (_, None) => format!("{n} B"),
    }
}

/// The lines around `line` (1-based) of `text`, each with its number, for an evidence excerpt.
pub fn excerpt(text: &str, line: u32, context: u32) -> Vec<(u32, &str)> {
    let first = line.saturating_sub(context).max(1);
    let last = line.saturating_add(context);
    text.lines()
        .enumerate()
        .map(|(i, l)| (u32::try_from(i + 1).unwrap_or(u32::MAX), l))
        .filter(|(n, _)| (first..=last).contains(n))
        .collect()
}

/// Catalog texts mark code with backticks; split them into (is_code, text) runs.
pub fn code_spans(text: &str) -> Vec<(bool, &str)> {
    text.split('`')
        .enumerate()
        .filter(|(_, part)| !part.is_empty())
        .map(|(i, part)| (i % 2 == 1, part))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_has_distinct_words_and_symbols() {
        let labels: std::collections::BTreeSet<_> =
            Status::ALL.into_iter().map(status_label).collect();
        let icons: std::collections::BTreeSet<_> =
            Status::ALL.into_iter().map(status_icon).collect();
        assert_eq!(labels.len(), Status::ALL.len());
        assert_eq!(icons.len(), Status::ALL.len());
    }

    #[test]
    fn areas_and_sizes_read_naturally() {
        assert_eq!(area_label("pod-security"), "Pod security");
        assert_eq!(area_label("rbac"), "RBAC");
        assert_eq!(bytes(999), "999 B");
        assert_eq!(bytes(7_365_831), "7.4 MB");
    }

    #[test]
    fn excerpts_stay_inside_the_file() {
        let text = "a\nb\nc\nd\ne";
        assert_eq!(excerpt(text, 1, 2), vec![(1, "a"), (2, "b"), (3, "c")]);
        assert_eq!(excerpt(text, 5, 1), vec![(4, "d"), (5, "e")]);
        assert_eq!(excerpt(text, 40, 2), Vec::<(u32, &str)>::new());
    }

    #[test]
    fn backticks_become_code_runs() {
        assert_eq!(
            code_spans("set `hop limit` to `1` now"),
            vec![
                (false, "set "),
                (true, "hop limit"),
                (false, " to "),
                (true, "1"),
                (false, " now")
            ]
        );
        assert_eq!(code_spans("plain"), vec![(false, "plain")]);
    }
}
