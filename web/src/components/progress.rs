//! Progress of a running scan.

use crate::load::Progress;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub progress: Progress,
}

#[function_component(ProgressView)]
pub fn progress_view(props: &Props) -> Html {
    let p = &props.progress;
    html! {
        <section class="progress" aria-live="polite">
            <h2>{ "Evaluating" }</h2>
            <progress max={p.total.max(1).to_string()} value={p.done.to_string()}></progress>
            <p>{ format!("{} of {} files read; {}", p.done, p.total, p.current) }</p>
        </section>
    }
}
