//! Everything the report says about one resource: a cluster, node group, namespace or workload.

use super::badge::{SeverityBadge, StatusBadge};
use super::evidence::EvidenceView;
use crate::app::Scan;
use crate::model;
use crate::route::{Page, ResourceKey, Route};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub scan: Scan,
    pub resource: ResourceKey,
}

#[function_component(ResourcePage)]
pub fn resource_page(props: &Props) -> Html {
    let report = &props.scan.report;
    let results = model::resource_results(report, &props.resource);
    let counts = model::count(results.iter().copied());
    let key = &props.resource;
    html! {
        <article class="resource-page" aria-labelledby="resource-title">
            <h2 id="resource-title">
                <span class="resource-kind">{ &key.kind }</span>{ " " }
                { key.namespace.as_deref().map(|ns| format!("{ns}/")).unwrap_or_default() }{ &key.name }
            </h2>
            <p class="badges">
                { for counts.iter().map(|(s, n)| html! { <span class="count-pair"><StatusBadge status={*s} />{ format!(" {n}  ") }</span> }) }
            </p>
            if results.is_empty() {
                <p>{ "No result names this resource." }</p>
            }
            <table class="grid findings">
                <thead><tr>
                    <th scope="col">{ "Status" }</th><th scope="col">{ "Control" }</th>
                    if key.kind == "Namespace" { <th scope="col" class="resource-col">{ "Resource" }</th> }
                    <th scope="col" class="severity-col">{ "Severity" }</th><th scope="col">{ "Finding" }</th>
                </tr></thead>
                <tbody>
                { for results.iter().map(|r| {
                    let title = report.controls.iter().find(|c| *c.id == *r.control).map(|c| c.title.clone()).unwrap_or_default();
                    let href = Route { page: Page::Control(r.control.to_string()), filters: Default::default() }.to_fragment();
                    html! {
                        <tr>
                            <td><StatusBadge status={r.status} /></td>
                            <td><a href={href}><code>{ &r.control }</code>{ " " }{ title }</a></td>
                            if key.kind == "Namespace" {
                                <td>{ format!("{} {}", r.resource.kind, r.resource.name) }</td>
                            }
                            <td><SeverityBadge severity={r.severity} /></td>
                            <td>
                                <p class="message">{ &r.message }</p>
                                if !matches!(r.status, posture_core::Status::Pass | posture_core::Status::NotApplicable) {
                                    { for r.evidence.iter().map(|e| html! {
                                        <EvidenceView evidence={e.clone()} scan={props.scan.clone()} />
                                    }) }
                                }
                            </td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
        </article>
    }
}
