//! The auditor's report, laid out for printing: what was assessed (inputs with their SHA-256),
//! with what (tool, catalog, profile, parameters), when, and every finding with its evidence.

use super::badge::{SeverityBadge, StatusBadge};
use crate::app::Scan;
use crate::model;
use posture_core::report::ControlRecord;
use posture_core::{Report, Status};
use std::collections::BTreeMap;
use yew::prelude::*;

/// Each distinct (parameter, value) once, with the controls evaluated with it.
fn parameters(report: &Report) -> BTreeMap<(&str, String), Vec<&str>> {
    let mut out: BTreeMap<(&str, String), Vec<&str>> = BTreeMap::new();
    for (control, params) in &report.parameters {
        for (name, value) in params {
            out.entry((name.as_str(), value.to_string()))
                .or_default()
                .push(control.as_str());
        }
    }
    out
}

/// Controls with something to act on, most urgent first.
fn findings_order(report: &Report) -> Vec<&ControlRecord> {
    let mut controls: Vec<&ControlRecord> = report
        .controls
        .iter()
        .filter(|c| !matches!(c.status, Status::Pass | Status::NotApplicable))
        .collect();
    controls.sort_by_key(|c| (c.status, std::cmp::Reverse(c.severity)));
    controls
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub scan: Scan,
}

#[function_component(ReportPage)]
pub fn report_page(props: &Props) -> Html {
    let report = &props.scan.report;
    let by_control = model::results_by_control(report);
    let on_print = Callback::from(|_| {
        let _ = gloo::utils::window().print();
    });
    html! {
        <article class="auditor-report" aria-labelledby="report-title">
            <div class="no-print">
                <button type="button" onclick={on_print}>{ "Print or save as PDF" }</button>
            </div>
            <h2 id="report-title">{ "EKS compliance assessment" }</h2>
            <table class="facts">
                <tbody>
                    <tr><th scope="row">{ "Generated" }</th><td>{ &report.generated_at }</td></tr>
                    <tr><th scope="row">{ "Tool" }</th><td>{ format!("{} {}", report.tool.name, report.tool.version) }</td></tr>
                    <tr><th scope="row">{ "Catalog" }</th><td>{ format!("{} (SHA-256 {})", report.catalog.version, report.catalog.sha256) }</td></tr>
                    <tr><th scope="row">{ "Profile" }</th><td>{ format!("{} — {}", report.profile.name, report.profile.title) }</td></tr>
                    <tr><th scope="row">{ "Summary" }</th><td>
                        { for report.summary.controls_by_status.iter().map(|(s, n)| html! {
                            <span class="count-pair"><StatusBadge status={*s} />{ format!(" {n} controls  ") }</span>
                        }) }
                    </td></tr>
                </tbody>
            </table>

            <h3>{ "Inputs" }</h3>
            <table class="grid small">
                <thead><tr><th scope="col">{ "File" }</th><th scope="col">{ "Kind" }</th><th scope="col">{ "SHA-256" }</th></tr></thead>
                <tbody>
                { for report.inputs.iter().map(|i| html! {
                    <tr>
                        <td><code>{ &i.path }</code></td>
                        <td>{ i.error.as_ref().map_or(i.kind.clone(), |e| format!("error: {}", e.message)) }</td>
                        <td><code class="hash">{ &i.sha256 }</code></td>
                    </tr>
                }) }
                </tbody>
            </table>

            <h3>{ "Parameters" }</h3>
            <table class="grid small">
                <thead><tr><th scope="col">{ "Parameter" }</th><th scope="col">{ "Value" }</th><th scope="col">{ "Controls" }</th></tr></thead>
                <tbody>
                { for parameters(report).into_iter().map(|((name, value), controls)| html! {
                    <tr><td><code>{ name }</code></td><td><code>{ value }</code></td><td>{ controls.join(", ") }</td></tr>
                }) }
                </tbody>
            </table>

            <h3>{ "Findings" }</h3>
            { for findings_order(report).into_iter().map(|c| {
                let results = by_control.get(c.id.as_str()).cloned().unwrap_or_default();
                html! {
                    <section class="report-control">
                        <h4>
                            <StatusBadge status={c.status} />{ " " }<SeverityBadge severity={c.severity} />{ " " }
                            <code>{ &c.id }</code>{ " " }{ &c.title }
                        </h4>
                        <p class="hint">{ c.references.iter().map(|r| format!("{}: {}", r.framework, r.ids.join(", "))).collect::<Vec<_>>().join(" · ") }</p>
                        <ul>
                        { for results.iter().filter(|r| !matches!(r.status, Status::Pass | Status::NotApplicable)).map(|r| html! {
                            <li>
                                <strong>{ format!("{} {}{}", r.resource.kind,
                                    r.resource.namespace.as_deref().map(|n| format!("{n}/")).unwrap_or_default(), r.resource.name) }</strong>
                                { format!(" [{}] ", r.status) }{ &r.message }
                                { for r.evidence.iter().map(|e| html! {
                                    <div class="evidence-line"><code>
                                        { format!("{}:{}:{} {} observed {} expected {}", e.file, e.line, e.column,
                                            e.pointer, e.observed_text(), e.expected) }
                                    </code></div>
                                }) }
                            </li>
                        }) }
                        </ul>
                    </section>
                }
            }) }
        </article>
    }
}
