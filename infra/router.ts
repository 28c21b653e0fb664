import { securityHeadersInjection } from "./security-headers.ts";
import { settings } from "./settings.ts";

/**
 * CloudFront in front of everything: the web form at /, the API at /api, one origin (no CORS, cookies work).
 * Every response gets the security headers its origin left out (infra/security-headers.ts).
 */
export const router = new sst.aws.Router("Desk", {
  ...(settings.domain ? { domain: settings.domain } : {}),
  edge: { viewerResponse: { injection: securityHeadersInjection } },
});

/** The address customers and agents open: links in every mail (workers and the sweep send them too). */
export const publicUrl = settings.domain ? `https://${settings.domain}` : router.url;
