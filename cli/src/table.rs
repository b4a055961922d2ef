//! The human-readable report: grouped by control, most urgent first; colour only on a terminal
//! (anstream strips it when piped), status always spelled out.

use anstyle::{AnsiColor, Style};
use posture_core::report::{ControlRecord, ResultRecord};
use posture_core::{Report, Status};
use std::collections::BTreeMap;
use std::fmt::Write;

fn status_style(status: Status) -> Style {
    let color = match status {
        Status::Fail | Status::Error => AnsiColor::Red,
        Status::Warn => AnsiColor::Yellow,
        Status::Pass => AnsiColor::Green,
        Status::NotAssessed | Status::Manual => AnsiColor::Magenta,
        Status::Waived | Status::NotApplicable => AnsiColor::BrightBlack,
    };
    Style::new().fg_color(Some(color.into())).bold()
}

fn label(status: Status) -> String {
    let text = match status {
        Status::Pass => "PASS",
        Status::Fail => "FAIL",
        Status::Warn => "WARN",
        Status::NotApplicable => "N/A",
        Status::NotAssessed => "NOT ASSESSED",
        Status::Manual => "MANUAL",
        Status::Error => "ERROR",
        Status::Waived => "WAIVED",
    };
    let style = status_style(status);
    format!("{style}{text:<12}{style:#}")
}

const DIM: Style = Style::new().dimmed();
const BOLD: Style = Style::new().bold();

pub fn render(report: &Report, verbose: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{BOLD}posture {}{BOLD:#} · catalog {} ({}) · profile {} · evaluated {}",
        report.tool.version,
        report.catalog.version,
        report.catalog.sha256.get(..12).unwrap_or(""),
        report.profile.name,
        report.generated_at
    );
    let _ = writeln!(
        out,
        "{DIM}{} input file(s), {} unreadable, {} skipped{DIM:#}\n",
        report.inputs.len(),
        report.summary.inputs_with_errors,
        report.skipped.len()
    );
    let mut controls: Vec<&ControlRecord> = report.controls.iter().collect();
    controls.sort_by(|a, b| {
        (a.status, std::cmp::Reverse(a.severity), &a.id).cmp(&(
            b.status,
            std::cmp::Reverse(b.severity),
            &b.id,
        ))
    });
    let mut by_control: BTreeMap<&str, Vec<&ResultRecord>> = BTreeMap::new();
    for r in &report.results {
        by_control.entry(&*r.control).or_default().push(r);
    }
    for control in controls {
        let results = by_control.remove(control.id.as_str()).unwrap_or_default();
        let _ = writeln!(
            out,
            "{} {:<8} {BOLD}{:<11}{BOLD:#} {}",
            label(control.status),
            control.severity.as_str(),
            control.id,
            control.title
        );
        let (shown, hidden): (Vec<&ResultRecord>, Vec<&ResultRecord>) = results
            .iter()
            .partition(|r| verbose || !matches!(r.status, Status::Pass | Status::NotApplicable));
        for result in shown {
            render_result(&mut out, result);
        }
        if !hidden.is_empty() {
            let passed = hidden.iter().filter(|r| r.status == Status::Pass).count();
            let na = hidden.len() - passed;
            let mut parts = Vec::new();
            if passed > 0 {
                parts.push(format!("{passed} passing"));
            }
            if na > 0 {
                parts.push(format!("{na} not applicable"));
            }
            let _ = writeln!(
                out,
                "{:14}{DIM}{} (--verbose lists them){DIM:#}",
                "",
                parts.join(", ")
            );
        }
    }
    render_namespaces(&mut out, report);
    render_inputs(&mut out, report);
    render_summary(&mut out, report);
    out
}

/// Namespaces with failing resources, e.g. `payments  3 of 12 resources fail (2 Pod Security)`.
fn render_namespaces(out: &mut String, report: &Report) {
    let failing: Vec<_> = report
        .summary
        .namespaces
        .iter()
        .filter(|(_, n)| n.failing_resources > 0)
        .collect();
    if failing.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{BOLD}Namespaces with failing resources{BOLD:#}");
    let width = failing.iter().map(|(ns, _)| ns.len()).max().unwrap_or(0);
    for (ns, n) in failing {
        let _ = writeln!(
            out,
            "  {ns:<width$}  {} of {} resources fail ({} on Pod Security Standards)",
            n.failing_resources, n.resources, n.failing_pod_security
        );
    }
}

fn render_result(out: &mut String, result: &ResultRecord) {
    let _ = writeln!(
        out,
        "{:14}{} {}",
        "",
        label(result.status).trim_end(),
        result.resource
    );
    let _ = writeln!(out, "{:16}{}", "", result.message);
    for e in &result.evidence {
        let observed = e.observed_text();
        let _ = writeln!(
            out,
            "{:16}{DIM}{}:{}:{}  {}  observed {}  expected {}{DIM:#}",
            "",
            e.file,
            e.line,
            e.column,
            e.pointer,
            truncate(&observed, 100),
            e.expected
        );
    }
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(max).collect::<String>())
    }
}

fn render_inputs(out: &mut String, report: &Report) {
    let _ = writeln!(out, "\n{BOLD}Inputs{BOLD:#}");
    for input in &report.inputs {
        match &input.error {
            Some(e) => {
                let at = match (e.line, e.column) {
                    (Some(l), Some(c)) => format!(":{l}:{c}"),
                    _ => String::new(),
                };
                let style = status_style(Status::Error);
                let _ = writeln!(
                    out,
                    "  {style}ERROR{style:#} {}{at}: {}",
                    input.path, e.message
                );
            }
            None => {
                let _ = writeln!(out, "  {:<60} {}", input.path, input.kind);
                for doc in input
                    .documents
                    .iter()
                    .filter(|d| d.kind == "unrecognised" || d.kind == "unsupported")
                {
                    let _ = writeln!(
                        out,
                        "  {:<60} {DIM}document {}: {} ({}){DIM:#}",
                        "",
                        doc.index,
                        doc.kind,
                        doc.note.as_deref().unwrap_or("")
                    );
                }
            }
        }
    }
    for skipped in &report.skipped {
        let _ = writeln!(
            out,
            "  {DIM}skipped {}: {}{DIM:#}",
            skipped.path, skipped.reason
        );
    }
}

fn render_summary(out: &mut String, report: &Report) {
    let _ = writeln!(
        out,
        "\n{BOLD}Summary{BOLD:#}  {} controls, {} results",
        report.summary.controls, report.summary.results
    );
    let parts: Vec<String> = Status::ALL
        .iter()
        .filter_map(|s| {
            report
                .summary
                .by_status
                .get(s)
                .map(|n| format!("{} {n}", label(*s).trim_end()))
        })
        .collect();
    let _ = writeln!(out, "  {}", parts.join("  "));
    if !report.summary.failures_by_severity.is_empty() {
        let failures: Vec<String> = report
            .summary
            .failures_by_severity
            .iter()
            .rev()
            .map(|(s, n)| format!("{s} {n}"))
            .collect();
        let _ = writeln!(out, "  failing by severity: {}", failures.join(", "));
    }
}
