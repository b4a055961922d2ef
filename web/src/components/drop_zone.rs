//! Where files come in: drag and drop, a file picker, a folder picker, or a bundled sample.

use web_sys::{DragEvent, FileList, HtmlInputElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub on_files: Callback<Vec<web_sys::File>>,
    pub on_sample: Callback<&'static str>,
    /// A smaller version for the header once a report is shown.
    #[prop_or_default]
    pub compact: bool,
}

fn files_of(list: Option<FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else {
        return Vec::new();
    };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

#[function_component(DropZone)]
pub fn drop_zone(props: &Props) -> Html {
    let dragging = use_state(|| false);
    let on_pick = {
        let on_files = props.on_files.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let files = files_of(input.files());
            input.set_value("");
            if !files.is_empty() {
                on_files.emit(files);
            }
        })
    };
    let on_drop = {
        let on_files = props.on_files.clone();
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            let files = files_of(e.data_transfer().and_then(|d| d.files()));
            if !files.is_empty() {
                on_files.emit(files);
            }
        })
    };
    let on_over = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let on_leave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    // `webkitdirectory` is not in web-sys' typed API; set it once the input exists.
    let folder_ref = use_node_ref();
    {
        let folder_ref = folder_ref.clone();
        use_effect_with((), move |_| {
            if let Some(input) = folder_ref.cast::<web_sys::Element>() {
                let _ = input.set_attribute("webkitdirectory", "");
            }
        });
    }
    let sample = |name: &'static str, label: &'static str| {
        let on_sample = props.on_sample.clone();
        html! {
            <button type="button" class="secondary" onclick={Callback::from(move |_| on_sample.emit(name))}>
                { label }
            </button>
        }
    };
    let class = classes!(
        "drop-zone",
        (*dragging).then_some("dragging"),
        props.compact.then_some("compact")
    );
    html! {
        <section class={class} ondrop={on_drop} ondragover={on_over} ondragleave={on_leave}
                 aria-label="Load evidence files">
            if !props.compact {
                <h2>{ "Load evidence" }</h2>
                <p>{ "Drop the files saved from the AWS CLI and kubectl here (describe-cluster, \
                      describe-nodegroup, launch-template versions, kubectl get -A -o yaml, ...). \
                      They are read in this page only: nothing is uploaded." }</p>
            }
            <div class="pickers">
                <label class="button">
                    { "Choose files" }
                    <input id="file-input" type="file" multiple=true accept=".json,.yaml,.yml,application/json,text/yaml"
                           class="visually-hidden" onchange={on_pick.clone()} />
                </label>
                <label class="button">
                    { "Choose a folder" }
                    <input id="folder-input" ref={folder_ref} type="file" multiple=true
                           class="visually-hidden" onchange={on_pick} />
                </label>
                { sample("regulated-prod", "Load sample: regulated cluster") }
                { sample("legacy-public", "Load sample: legacy cluster") }
            </div>
        </section>
    }
}
