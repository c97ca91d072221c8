// Plotly (a 4.8 MB bundle) is fetched only when a chart is first drawn, which is after the
// graph: the charts may follow the graph, the graph must not wait for them.
const PLOTLY_URL = "/static/vendor/plotly.min.js";
let loading = null;

/** Plotly, loading it the first time it is asked for. */
export function plotly() {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  loading ??= new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = PLOTLY_URL;
    script.onload = () => resolve(window.Plotly);
    script.onerror = () => {
      loading = null;
      reject(new Error("the charting library did not load"));
    };
    document.head.append(script);
  });
  return loading;
}
