// Swagger UI for /docs, started from a file of the service's own: the Content-Security-Policy
// allows no inline script. "Try it out" runs as the signed-in browser, so a change carries the
// CSRF token the service set at sign-in, as the explorer's own requests do.
function csrfToken() {
  const cookie = document.cookie.split("; ").find((part) => part.startsWith("gs_csrf="));
  return cookie ? decodeURIComponent(cookie.slice("gs_csrf=".length)) : "";
}

window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  layout: "BaseLayout",
  deepLinking: true,
  showExtensions: true,
  showCommonExtensions: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
  requestInterceptor: (request) => {
    if (!["GET", "HEAD", "OPTIONS"].includes((request.method || "GET").toUpperCase())) {
      request.headers["X-CSRF-Token"] = csrfToken();
    }
    return request;
  },
});
