// The explorer page's entry point (bundled by esbuild into /static/vendor/explorer.js).
import { Explorer } from "./controller.js";

const explorer = new Explorer(document.querySelector("#graph"));
// For people and for the browser tests: the live explorer (graph, sigma, view state, overlays).
window.explorer = explorer;
explorer.start();
