/**
 * Headers every successful answer of the desk carries — the agent app, the web form and customer pages, the API —
 * unless what answered set its own (the help center and survey pages send a stricter CSP with `frame-ancestors`).
 * CloudFront runs no viewer-response function on a 4xx or 5xx: the API sets these on its own answers (Hono's
 * secureHeaders), and an error page framed elsewhere has nothing to click. A
 * CSP in a page's <meta> cannot forbid framing, so without these a static page could be framed by another site
 * (clickjacking an agent's click). SAMEORIGIN, not DENY: the agent app frames the desk's own attachments.
 */
export const SECURITY_HEADERS = {
  "x-frame-options": "SAMEORIGIN",
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
} as const;

/**
 * The router's viewer-response CloudFront Function body (cloudfront-js-2.0, ES5 syntax to be safe): adds each
 * header the origin left out. CloudFront bills it per response: $0.10 per million.
 */
export const securityHeadersInjection = `var wanted = ${JSON.stringify(SECURITY_HEADERS)};
var headers = event.response.headers;
for (var name in wanted) if (!headers[name]) headers[name] = { value: wanted[name] };`;
