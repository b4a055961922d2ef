//! One control: what it checks and why, how to fix it, the requirements it supports, and every
//! finding with its evidence.

use super::badge::{Prose, SeverityBadge, StatusBadge};
use super::evidence::EvidenceView;
use crate::app::Scan;
use crate::format::area_label;
use crate::model::resource_key;
use crate::route::{Page, Route};
use posture_core::Status;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub scan: Scan,
    pub id: String,
    pub route: Route,
}

#[function_component(ControlPage)]
pub fn control_page(props: &Props) -> Html {
    let report = &props.scan.report;
    let Some(control) = report.controls.iter().find(|c| c.id == props.id) else {
        return html! {
            <section><h2>{ format!("No control {} in this report", props.id) }</h2>
            <p><a href="#/controls">{ "Back to the controls" }</a></p></section>
        };
    };
    let catalog = posture_core::catalog().ok();
    let details = catalog.and_then(|c| c.control(&control.id));
    let mut results: Vec<_> = report
        .results
        .iter()
        .filter(|r| *r.control == *control.id)
        .collect();
    results.sort_by_key(|r| r.status);
    let (shown, quiet): (Vec<_>, Vec<_>) = results
        .into_iter()
        .partition(|r| !matches!(r.status, Status::Pass | Status::NotApplicable));
    let back = props.route.with_page(Page::Controls).to_fragment();
    let finding = |r: &posture_core::report::ResultRecord, open: bool| {
        let key = resource_key(r);
        let resource_href = Route {
            page: Page::Resource(key),
            filters: Default::default(),
        }
        .to_fragment();
        html! {
            <details class="finding" open={open}>
                <summary>
                    <StatusBadge status={r.status} />
                    { " " }
                    <span class="resource-kind">{ &r.resource.kind }</span>
                    { " " }
                    <strong>{ r.resource.namespace.as_deref().map(|ns| format!("{ns}/")).unwrap_or_default() }{ &r.resource.name }</strong>
                </summary>
                <p class="message"><Prose text={r.message.to_string()} /></p>
                <p class="links">
                    <a href={resource_href}>{ "Everything about this resource" }</a>
                    if let Some(cluster) = &r.resource.cluster { { format!(" · cluster {cluster}") } }
                </p>
                if let Some(w) = &r.waiver {
                    <p class="waiver">{ format!("Waived: {}", w.reason) }</p>
                }
                { for r.evidence.iter().map(|e| html! {
                    <EvidenceView evidence={e.clone()} scan={props.scan.clone()} />
                }) }
            </details>
        }
    };
    html! {
        <article class="control-page" aria-labelledby="control-title">
            <p><a href={back}>{ "← Controls" }</a></p>
            <h2 id="control-title"><code>{ &control.id }</code>{ " " }{ &control.title }</h2>
            <p class="badges">
                <StatusBadge status={control.status} />{ " " }
                <SeverityBadge severity={control.severity} />{ " " }
                <span class="badge area">{ area_label(control.area.as_str()) }</span>
            </p>
            <div class="two-columns">
                <section>
                    <h3>{ "What it checks" }</h3>
                    <p><Prose text={control.description.clone()} /></p>
                    if let Some(d) = details {
                        <h3>{ "Why it matters" }</h3>
                        <p><Prose text={d.rationale.clone()} /></p>
                        <h3>{ "Evidence it reads" }</h3>
                        <ul>{ for d.inputs.iter().map(|i| html! { <li><code>{ i }</code></li> }) }</ul>
                    }
                </section>
                <section>
                    <h3>{ "Remediation" }</h3>
                    <p><Prose text={control.remediation.clone()} /></p>
                    <h3>{ "Requirements it supports" }</h3>
                    <ul class="references">
                    { for control.references.iter().map(|r| {
                        let name = catalog.and_then(|c| c.framework(&r.framework))
                            .map(|f| format!("{} {}", f.name, f.version))
                            .unwrap_or_else(|| r.framework.clone());
                        html! {
                            <li>
                                <strong>{ name }</strong>{ ": " }{ r.ids.join(", ") }
                                if let Some(note) = &r.note { <span class="hint">{ format!(" ({note})") }</span> }
                            </li>
                        }
                    }) }
                    </ul>
                </section>
            </div>
            <section aria-labelledby="findings">
                <h3 id="findings">{ format!("Findings ({})", shown.len()) }</h3>
                if shown.is_empty() {
                    <p>{ "Nothing to act on." }</p>
                }
                { for shown.iter().enumerate().map(|(i, r)| finding(r, i < 20)) }
            </section>
            if !quiet.is_empty() {
                <section aria-labelledby="passing">
                    <h3 id="passing">{ format!("Passing or not applicable ({})", quiet.len()) }</h3>
                    { for quiet.iter().take(500).map(|r| finding(r, false)) }
                    if quiet.len() > 500 {
                        <p class="hint">{ format!("{} more not shown; the exported report has them all.", quiet.len() - 500) }</p>
                    }
                </section>
            }
        </article>
    }
}
