// Loads the viewer's WebAssembly from this origin (kept out of the HTML so the
// Content-Security-Policy needs no inline script).
import init from './posture-web.js';
init({ module_or_path: new URL('posture-web_bg.wasm', import.meta.url) });
