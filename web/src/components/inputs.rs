//! What was read: each file with its detected kind, size and SHA-256, or its error with line and
//! column; files that were skipped and why.

use crate::app::Scan;
use crate::format::bytes;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub scan: Scan,
}

#[function_component(Inputs)]
pub fn inputs(props: &Props) -> Html {
    let report = &props.scan.report;
    html! {
        <section class="inputs" aria-labelledby="inputs-title">
            <h2 id="inputs-title">{ format!("Inputs ({})", report.inputs.len()) }</h2>
            <table class="grid">
                <thead><tr>
                    <th scope="col">{ "File" }</th>
                    <th scope="col">{ "Detected as" }</th>
                    <th scope="col" class="num">{ "Size" }</th>
                    <th scope="col">{ "SHA-256" }</th>
                </tr></thead>
                <tbody>
                { for report.inputs.iter().map(|i| html! {
                    <tr class={classes!(i.error.is_some().then_some("has-error"))} data-input={i.path.clone()}>
                        <td><code>{ &i.path }</code></td>
                        <td>
                            if let Some(e) = &i.error {
                                <span class="error-text" role="note">
                                    <span aria-hidden="true">{ "⚠ " }</span>
                                    { match (e.line, e.column) {
                                        (Some(l), Some(c)) => format!("line {l}, column {c}: {}", e.message),
                                        _ => e.message.clone(),
                                    } }
                                </span>
                            } else {
                                { &i.kind }
                                { for i.documents.iter().filter_map(|d| d.note.as_ref()).map(|n| html! { <div class="hint">{ n }</div> }) }
                            }
                        </td>
                        <td class="num">{ bytes(i.size) }</td>
                        <td><code class="hash">{ &i.sha256 }</code></td>
                    </tr>
                }) }
                </tbody>
            </table>
            if !report.skipped.is_empty() {
                <h3>{ format!("Skipped ({})", report.skipped.len()) }</h3>
                <ul>{ for report.skipped.iter().map(|s| html! { <li><code>{ &s.path }</code>{ ": " }{ &s.reason }</li> }) }</ul>
            }
        </section>
    }
}
