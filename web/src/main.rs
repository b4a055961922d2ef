//! Entry point: mounts the viewer on the page's body.

fn main() {
    yew::Renderer::<posture_web::app::App>::new().render();
}
