import { deskSecrets } from "../core/auth/crypto.ts";
import { edgeKeyOf, viewerIpInjection } from "../core/auth/edge-key.ts";
import { deskSecret } from "./secrets.ts";
import { securityHeadersInjection } from "./security-headers.ts";
import { settings } from "./settings.ts";

/**
 * CloudFront in front of everything: the web form at /, the API at /api, one origin (no CORS, cookies work).
 * Every request forwarded carries the viewer's address stamped with a key from the desk secret
 * (core/auth/edge-key.ts); every response gets the security headers its origin left out (infra/security-headers.ts).
 */
export const router = new sst.aws.Router("Desk", {
  ...(settings.domain ? { domain: settings.domain } : {}),
  edge: {
    // The viewer's address, stamped with the router's key: the API believes no X-Forwarded-For (functions/api/env.ts).
    viewerRequest: {
      injection: deskSecret.value.apply((value: string) =>
        viewerIpInjection(edgeKeyOf(deskSecrets(value)[0]!)),
      ),
    },
    viewerResponse: { injection: securityHeadersInjection },
  },
});

/** The address customers and agents open: links in every mail (workers and the sweep send them too). */
export const publicUrl = settings.domain ? `https://${settings.domain}` : router.url;
