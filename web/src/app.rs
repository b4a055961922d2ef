//! The application shell: loading, navigation by URL fragment, and the page for each route.

use crate::components::{
    control_list::ControlList, control_page::ControlPage, dashboard::Dashboard,
    drop_zone::DropZone, inputs::Inputs, progress::ProgressView, report_page::ReportPage,
    resource_page::ResourcePage,
};
use crate::load::{self, Progress};
use crate::route::{Page, Route};
use crate::{download, sample};
use gloo::events::EventListener;
use posture_core::source::{ParseError, ParseErrorKind};
use posture_core::{InputFile, Limits, Report, ScanOptions};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

/// A finished scan: the files as loaded (for evidence excerpts) and the report.
#[derive(Clone)]
pub struct Scan {
    pub files: Rc<Vec<InputFile>>,
    pub report: Rc<Report>,
}

impl PartialEq for Scan {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.report, &other.report)
    }
}

#[derive(Clone, PartialEq)]
enum Phase {
    Empty,
    Loading(Progress),
    Ready(Scan),
    Failed(String),
}

fn current_route() -> Route {
    Route::parse(&gloo::utils::window().location().hash().unwrap_or_default())
}

/// Folders are filtered as the CLI filters them: only JSON and YAML files are read.
fn is_evidence(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".json", ".yaml", ".yml"]
        .iter()
        .any(|e| lower.ends_with(e))
}

/// Reads the picked or dropped files; a file that cannot be read is kept with its error.
async fn read_files(files: Vec<web_sys::File>) -> (Vec<InputFile>, Vec<(String, String)>) {
    let limits = Limits::default();
    let mut inputs = Vec::with_capacity(files.len());
    let mut skipped = Vec::new();
    for file in files {
        let relative = js_sys::Reflect::get(&file, &"webkitRelativePath".into())
            .ok()
            .and_then(|v| v.as_string())
            .filter(|p| !p.is_empty());
        let from_folder = relative.is_some();
        let name = relative.unwrap_or_else(|| file.name());
        if from_folder && !is_evidence(&name) {
            skipped.push((name, "not a .json, .yaml or .yml file".to_string()));
            continue;
        }
        if file.size() > limits.max_file_bytes as f64 {
            let message = format!(
                "{} bytes, more than the limit of {} bytes",
                file.size(),
                limits.max_file_bytes
            );
            inputs.push(InputFile::unreadable(
                name,
                ParseError::unreadable(ParseErrorKind::TooLarge, message),
            ));
            continue;
        }
        let blob = gloo::file::File::from(file);
        match gloo::file::futures::read_as_bytes(&blob).await {
            Ok(bytes) => inputs.push(InputFile::new(name, bytes)),
            Err(e) => inputs.push(InputFile::unreadable(
                name,
                ParseError::unreadable(ParseErrorKind::Unreadable, e.to_string()),
            )),
        }
    }
    inputs.sort_by(|a, b| a.name.cmp(&b.name));
    (inputs, skipped)
}

#[function_component(App)]
pub fn app() -> Html {
    let phase = use_state(|| Phase::Empty);
    let route = use_state(current_route);
    {
        let route = route.clone();
        use_effect_with((), move |_| {
            let listener = EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                route.set(current_route());
            });
            move || drop(listener)
        });
    }
    let navigate = Callback::from(|next: Route| {
        let _ = gloo::utils::window()
            .location()
            .set_hash(&next.to_fragment());
    });
    let run = {
        let phase = phase.clone();
        Callback::from(
            move |(files, skipped): (Vec<InputFile>, Vec<(String, String)>)| {
                let phase = phase.clone();
                phase.set(Phase::Loading(Progress {
                    done: 0,
                    total: files.len(),
                    current: "starting".into(),
                }));
                spawn_local(async move {
                    let options = ScanOptions {
                        timestamp: load::now_rfc3339(),
                        skipped,
                        ..ScanOptions::default()
                    };
                    let result =
                        load::scan(&files, &options, |p| phase.set(Phase::Loading(p))).await;
                    phase.set(match result {
                        Ok(report) => Phase::Ready(Scan {
                            files: Rc::new(files),
                            report: Rc::new(report),
                        }),
                        Err(e) => Phase::Failed(e),
                    });
                });
            },
        )
    };
    let on_files = {
        let run = run.clone();
        Callback::from(move |files: Vec<web_sys::File>| {
            let run = run.clone();
            spawn_local(async move { run.emit(read_files(files).await) });
        })
    };
    let on_sample = {
        let run = run.clone();
        Callback::from(move |name: &'static str| run.emit((sample::files(name), Vec::new())))
    };
    let nav_link = |page: Page, label: &'static str| {
        let current = std::mem::discriminant(&route.page) == std::mem::discriminant(&page);
        let href = route.with_page(page).to_fragment();
        html! {
            <a href={href} aria-current={current.then_some("page")}>{ label }</a>
        }
    };
    let body = match &*phase {
        Phase::Empty => html! {
            <DropZone on_files={on_files.clone()} on_sample={on_sample.clone()} />
        },
        Phase::Loading(p) => html! { <ProgressView progress={p.clone()} /> },
        Phase::Failed(why) => html! {
            <>
                <p class="error-text" role="alert">{ format!("The scan could not run: {why}") }</p>
                <DropZone on_files={on_files.clone()} on_sample={on_sample.clone()} />
            </>
        },
        Phase::Ready(scan) => {
            let page = match &route.page {
                Page::Dashboard => html! { <Dashboard scan={scan.clone()} /> },
                Page::Controls => html! {
                    <ControlList scan={scan.clone()} route={(*route).clone()} navigate={navigate.clone()} />
                },
                Page::Control(id) => html! {
                    <ControlPage scan={scan.clone()} id={id.clone()} route={(*route).clone()} />
                },
                Page::Resource(key) => html! {
                    <ResourcePage scan={scan.clone()} resource={key.clone()} />
                },
                Page::Inputs => html! { <Inputs scan={scan.clone()} /> },
                Page::Report => html! { <ReportPage scan={scan.clone()} /> },
            };
            let export = |format: &'static str| {
                let report = scan.report.clone();
                Callback::from(move |_| {
                    let stamp = report.generated_at.replace(':', "");
                    let (name, mime, text) = match format {
                        "sarif" => (
                            format!("posture-{stamp}.sarif"),
                            "application/sarif+json",
                            report.to_sarif(),
                        ),
                        "oscal" => (
                            format!("posture-{stamp}.oscal.json"),
                            "application/json",
                            report.to_oscal(),
                        ),
                        "policyreport" => (
                            format!("posture-{stamp}.policyreports.json"),
                            "application/json",
                            report.to_policy_reports(),
                        ),
                        _ => (
                            format!("posture-report-{stamp}.json"),
                            "application/json",
                            report.to_json(),
                        ),
                    };
                    if let Err(e) = download::offer(&name, mime, &text) {
                        gloo::console::error!(e);
                    }
                })
            };
            html! {
                <>
                    <div class="toolbar no-print">
                        <nav aria-label="Views">
                            { nav_link(Page::Dashboard, "Dashboard") }
                            { nav_link(Page::Controls, "Controls") }
                            { nav_link(Page::Inputs, "Inputs") }
                            { nav_link(Page::Report, "Auditor report") }
                        </nav>
                        <div class="actions">
                            <button type="button" id="export-json" onclick={export("json")}>{ "Download report (JSON)" }</button>
                            <button type="button" id="export-sarif" class="secondary" onclick={export("sarif")}>{ "Download SARIF" }</button>
                            <button type="button" id="export-oscal" class="secondary" onclick={export("oscal")}>{ "Download OSCAL" }</button>
                            <button type="button" id="export-policyreport" class="secondary" onclick={export("policyreport")}>{ "Download PolicyReports" }</button>
                        </div>
                    </div>
                    { page }
                    <div class="no-print">
                        <DropZone compact=true on_files={on_files.clone()} on_sample={on_sample.clone()} />
                    </div>
                </>
            }
        }
    };
    html! {
        <>
            <a class="skip-link" href="#main" onclick={Callback::from(|e: MouseEvent| {
                e.prevent_default();
                let main = gloo::utils::document().get_element_by_id("main");
                if let Some(main) = main.and_then(|m| m.dyn_into::<web_sys::HtmlElement>().ok()) {
                    main.scroll_into_view();
                    let _ = main.focus();
                }
            })}>{ "Skip to content" }</a>
            <header class="app-header">
                <h1><a href="#/">{ "Posture" }</a></h1>
                <p class="tagline">{ "EKS compliance evidence viewer · runs entirely in this page" }</p>
            </header>
            <main id="main" tabindex="-1">{ body }</main>
            <footer class="app-footer no-print">
                { format!("posture {} · catalog {}", env!("CARGO_PKG_VERSION"),
                    posture_core::catalog().map(|c| c.info.version.clone()).unwrap_or_default()) }
                { " · Files are read locally; nothing is sent anywhere." }
            </footer>
        </>
    }
}
