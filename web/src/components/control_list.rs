//! The control list: filters, text search and sorting, all reflected in the URL.

use super::badge::{SeverityBadge, StatusBadge};
use crate::app::Scan;
use crate::format::{area_label, severity_label, status_label};
use crate::model;
use crate::route::{Filters, Page, Route, Sort};
use posture_core::catalog::Area;
use posture_core::{Severity, Status};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub scan: Scan,
    pub route: Route,
    pub navigate: Callback<Route>,
}

/// A labelled `<select>` whose empty option means "any".
fn select(
    id: &'static str,
    label: &'static str,
    any: &'static str,
    options: Vec<(String, String)>,
    current: Option<String>,
    on_change: Callback<Option<String>>,
) -> Html {
    let onchange = Callback::from(move |e: Event| {
        let value = e.target_unchecked_into::<HtmlSelectElement>().value();
        on_change.emit((!value.is_empty()).then_some(value));
    });
    html! {
        <label for={id}>
            { label }
            <select id={id} {onchange}>
                <option value="" selected={current.is_none()}>{ any }</option>
                { for options.into_iter().map(|(value, text)| {
                    let selected = current.as_deref() == Some(value.as_str());
                    html! { <option {selected} {value}>{ text }</option> }
                }) }
            </select>
        </label>
    }
}

#[function_component(ControlList)]
pub fn control_list(props: &Props) -> Html {
    let report = &props.scan.report;
    let filters = &props.route.filters;
    let rows = model::control_rows(report, filters);
    let update = |change: fn(&mut Filters, Option<String>)| {
        let navigate = props.navigate.clone();
        let route = props.route.clone();
        Callback::from(move |value: Option<String>| {
            let mut next = route.clone();
            change(&mut next.filters, value);
            navigate.emit(next);
        })
    };
    // Typing replaces the current history entry instead of adding one per keystroke.
    let on_search = {
        let route = props.route.clone();
        Callback::from(move |e: InputEvent| {
            let mut next = route.clone();
            next.filters.query = e.target_unchecked_into::<HtmlInputElement>().value();
            let _ = gloo::utils::window()
                .location()
                .replace(&next.to_fragment());
        })
    };
    let on_clear = {
        let navigate = props.navigate.clone();
        Callback::from(move |_| {
            navigate.emit(Route {
                page: Page::Controls,
                filters: Filters::default(),
            })
        })
    };
    let frameworks = posture_core::catalog()
        .map(|c| c.info.frameworks.clone())
        .unwrap_or_default();
    html! {
        <div class="control-list">
            <form class="filters" role="search" aria-label="Filter controls" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <label for="search">
                    { "Search" }
                    <input id="search" type="search" placeholder="id, title, requirement, resource..."
                           value={filters.query.clone()} oninput={on_search} />
                </label>
                { select("filter-status", "Status", "Any",
                    Status::ALL.iter().map(|s| (s.as_str().to_string(), status_label(*s).to_string())).collect(),
                    filters.status.map(|s| s.as_str().to_string()),
                    update(|f, v| f.status = v.and_then(|v| Status::ALL.into_iter().find(|s| s.as_str() == v))) ) }
                { select("filter-severity", "Severity", "Any",
                    Severity::ALL.iter().map(|s| (s.as_str().to_string(), severity_label(*s).to_string())).collect(),
                    filters.severity.map(|s| s.as_str().to_string()),
                    update(|f, v| f.severity = v.as_deref().and_then(Severity::parse)) ) }
                { select("filter-area", "Area", "Any",
                    Area::ALL.iter().map(|a| (a.as_str().to_string(), area_label(a.as_str()))).collect(),
                    filters.area.clone(),
                    update(|f, v| f.area = v) ) }
                { select("filter-framework", "Framework", "Any",
                    frameworks.iter().map(|f| (f.id.clone(), f.name.clone())).collect(),
                    filters.framework.clone(),
                    update(|f, v| f.framework = v) ) }
                { select("filter-namespace", "Namespace", "Any",
                    model::namespace_names(report).into_iter().map(|n| (n.clone(), n)).collect(),
                    filters.namespace.clone(),
                    update(|f, v| f.namespace = v) ) }
                { select("sort", "Sort by", Sort::Status.label(),
                    Sort::ALL[1..].iter().map(|s| (s.as_str().to_string(), s.label().to_string())).collect(),
                    (filters.sort != Sort::Status).then(|| filters.sort.as_str().to_string()),
                    update(|f, v| f.sort = v.map(|v| Route::parse(&format!("#/controls?sort={v}")).filters.sort).unwrap_or_default()) ) }
                <button type="button" class="secondary" onclick={on_clear}>{ "Clear filters" }</button>
            </form>
            <p class="meta" aria-live="polite" id="control-count">
                { format!("{} of {} controls", rows.len(), report.controls.len()) }
            </p>
            <table class="grid controls">
                <thead>
                    <tr>
                        <th scope="col">{ "Status" }</th>
                        <th scope="col">{ "Control" }</th>
                        <th scope="col">{ "Severity" }</th>
                        <th scope="col">{ "Area" }</th>
                        <th scope="col" class="num">{ "Failing" }</th>
                        <th scope="col" class="num">{ "Results" }</th>
                    </tr>
                </thead>
                <tbody>
                { for rows.iter().map(|row| {
                    let c = row.control;
                    let href = props.route.with_page(Page::Control(c.id.clone())).to_fragment();
                    html! {
                        <tr data-control={c.id.clone()}>
                            <td><StatusBadge status={c.status} /></td>
                            <td><a href={href}><code>{ &c.id }</code>{ " " }{ &c.title }</a></td>
                            <td><SeverityBadge severity={c.severity} /></td>
                            <td>{ area_label(c.area.as_str()) }</td>
                            <td class="num">{ row.failing() }</td>
                            <td class="num">{ row.counts.values().sum::<usize>() }</td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
        </div>
    }
}
