//! The overview: posture, counts by status and severity, by area, per framework, per cluster and
//! per namespace. Every number links to the control list filtered to it.

use super::badge::{SeverityBadge, StatusBadge};
use crate::app::Scan;
use crate::format::{area_label, status_label};
use crate::model;
use crate::route::{Filters, Page, ResourceKey, Route};
use posture_core::Status;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub scan: Scan,
}

fn controls_link(filters: Filters) -> String {
    Route {
        page: Page::Controls,
        filters,
    }
    .to_fragment()
}

/// A cell with a count that links to the filtered list, or a dash for zero.
fn count_cell(n: usize, filters: Filters) -> Html {
    if n == 0 {
        html! { <td class="num zero">{ "0" }</td> }
    } else {
        html! { <td class="num"><a href={controls_link(filters)}>{ n }</a></td> }
    }
}

const COLUMNS: [Status; 6] = [
    Status::Fail,
    Status::Warn,
    Status::NotAssessed,
    Status::Manual,
    Status::Pass,
    Status::NotApplicable,
];

#[function_component(Dashboard)]
pub fn dashboard(props: &Props) -> Html {
    let report = &props.scan.report;
    let by_status = &report.summary.controls_by_status;
    let n = |s: Status| by_status.get(&s).copied().unwrap_or(0);
    let assessed = report
        .controls
        .len()
        .saturating_sub(n(Status::NotAssessed) + n(Status::NotApplicable));
    let headline = match model::worst(report) {
        Some(Status::Fail) => format!("{} of {} assessed controls fail", n(Status::Fail), assessed),
        Some(Status::Error) => "Some controls could not be evaluated".to_string(),
        Some(_) => format!("No control fails ({assessed} assessed)"),
        None => "No controls ran".to_string(),
    };
    let frameworks = posture_core::catalog()
        .map(|c| c.info.frameworks.clone())
        .unwrap_or_default();
    let coverage = model::coverage(report, &frameworks);
    let header_row = html! {
        <tr>
            <th scope="col">{ "" }</th>
            { for COLUMNS.iter().map(|s| html! { <th scope="col" class="num"><StatusBadge status={*s} /></th> }) }
        </tr>
    };
    html! {
        <div class="dashboard">
            <section class="headline" aria-labelledby="headline">
                <h2 id="headline">{ headline }</h2>
                <p class="meta">
                    { format!("{} controls, {} results, {} input files", report.controls.len(),
                              report.results.len(), report.inputs.len()) }
                    if report.summary.inputs_with_errors > 0 {
                        { " · " }
                        <a href="#/inputs" class="error-text">
                            { format!("{} could not be read", report.summary.inputs_with_errors) }
                        </a>
                    }
                </p>
                <ul class="tiles" aria-label="Controls by status">
                    { for Status::ALL.iter().map(|s| html! {
                        <li class={format!("tile status-{}", s.as_str())}>
                            <a href={controls_link(Filters { status: Some(*s), ..Filters::default() })}
                               data-status={s.as_str()}>
                                <span class="tile-count">{ n(*s) }</span>
                                <span class="tile-label"><StatusBadge status={*s} /></span>
                            </a>
                        </li>
                    }) }
                </ul>
            </section>

            <section aria-labelledby="by-severity">
                <h2 id="by-severity">{ "Failing controls by severity" }</h2>
                <ul class="severity-list">
                    { for model::failing_by_severity(report).into_iter().map(|(s, count)| html! {
                        <li>
                            <SeverityBadge severity={s} />
                            <a href={controls_link(Filters { status: Some(Status::Fail), severity: Some(s), ..Filters::default() })}
                               data-severity={s.as_str()}>{ count }</a>
                        </li>
                    }) }
                </ul>
            </section>

            <section aria-labelledby="by-area">
                <h2 id="by-area">{ "Controls by area" }</h2>
                <table class="grid">
                    <thead>{ header_row.clone() }</thead>
                    <tbody>
                    { for model::controls_by_area(report).into_iter().map(|(area, counts)| html! {
                        <tr>
                            <th scope="row">{ area_label(area.as_str()) }</th>
                            { for COLUMNS.iter().map(|s| count_cell(
                                counts.get(s).copied().unwrap_or(0),
                                Filters { status: Some(*s), area: Some(area.as_str().to_string()), ..Filters::default() })) }
                        </tr>
                    }) }
                    </tbody>
                </table>
            </section>

            <section aria-labelledby="by-framework">
                <h2 id="by-framework">{ "Framework coverage" }</h2>
                <p class="hint">{ "Each requirement takes the most urgent status of the controls that give evidence for it. \
                                   Not assessed means the evidence was not supplied: it is not a pass." }</p>
                <table class="grid">
                    <thead>
                        <tr>
                            <th scope="col">{ "Framework" }</th>
                            <th scope="col" class="num">{ "Requirements" }</th>
                            { for COLUMNS.iter().map(|s| html! { <th scope="col" class="num"><StatusBadge status={*s} /></th> }) }
                        </tr>
                    </thead>
                    <tbody>
                    { for coverage.iter().map(|c| html! {
                        <tr data-framework={c.framework.id.clone()}>
                            <th scope="row">{ format!("{} {}", c.framework.name, c.framework.version) }</th>
                            <td class="num">{ c.requirements.len() }</td>
                            { for COLUMNS.iter().map(|s| {
                                let n = c.count(*s);
                                let title = c.requirements.iter().filter(|(_, v)| **v == *s)
                                    .map(|(k, _)| k.as_str()).collect::<Vec<_>>().join(", ");
                                html! {
                                    <td class={classes!("num", (n == 0).then_some("zero"))} title={title}>
                                        if n > 0 {
                                            <a href={controls_link(Filters { status: Some(*s), framework: Some(c.framework.id.clone()), ..Filters::default() })}
                                               aria-label={format!("{n} requirements {}", status_label(*s))}>{ n }</a>
                                        } else { { "0" } }
                                    </td>
                                }
                            }) }
                        </tr>
                    }) }
                    </tbody>
                </table>
            </section>

            <div class="two-columns wide">
                <section aria-labelledby="by-cluster">
                    <h2 id="by-cluster">{ "Results by cluster" }</h2>
                    <table class="grid">
                        <thead>{ header_row.clone() }</thead>
                        <tbody>
                        { for model::results_by_cluster(report).into_iter().map(|(cluster, counts)| html! {
                            <tr>
                                <th scope="row">{ cluster }</th>
                                { for COLUMNS.iter().map(|s| html! { <td class="num">{ counts.get(s).copied().unwrap_or(0) }</td> }) }
                            </tr>
                        }) }
                        </tbody>
                    </table>
                </section>
                <section aria-labelledby="by-namespace">
                    <h2 id="by-namespace">{ "Namespaces" }</h2>
                    <table class="grid">
                        <thead>
                            <tr>
                                <th scope="col">{ "Namespace" }</th>
                                <th scope="col" class="num">{ "Resources" }</th>
                                <th scope="col" class="num">{ "With a failing result" }</th>
                                <th scope="col" class="num">{ "Failing Pod Security" }</th>
                            </tr>
                        </thead>
                        <tbody>
                        { for report.summary.namespaces.iter().map(|(ns, summary)| html! {
                            <tr>
                                <th scope="row">
                                    <a href={Route { page: Page::Resource(ResourceKey { kind: "Namespace".into(), namespace: None, name: ns.clone() }),
                                                     filters: Filters::default() }.to_fragment()}>{ ns }</a>
                                    { " · " }
                                    <a class="hint" href={controls_link(Filters { namespace: Some(ns.clone()), ..Filters::default() })}>{ "controls" }</a>
                                </th>
                                <td class="num">{ summary.resources }</td>
                                <td class={classes!("num", (summary.failing_resources > 0).then_some("error-text"))}>
                                    { summary.failing_resources }
                                </td>
                                <td class="num">{ summary.failing_pod_security }</td>
                            </tr>
                        }) }
                        </tbody>
                    </table>
                </section>
            </div>
        </div>
    }
}
