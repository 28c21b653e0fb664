import { hmacHex, type Secrets, safeEqual, withAnySecret } from "./crypto.ts";

/**
 * What the CloudFront router's viewer-request function stamps on every request it forwards (header `x-desk-edge`,
 * beside the viewer's address in `x-desk-viewer-ip`): derived from the desk secret, so a request sent straight to
 * the API function's URL cannot claim another caller's address, as it could with a forged X-Forwarded-For.
 */
export const edgeKeyOf = (secret: string) => hmacHex(secret, "cloudfront-viewer").slice(0, 32);

/** The router's viewer-request code (cloudfront-js-2.0): the viewer's address and the key, set over any sent. */
export const viewerIpInjection = (
  edgeKey: string,
) => `event.request.headers["x-desk-viewer-ip"] = { value: event.viewer.ip };
event.request.headers["x-desk-edge"] = { value: ${JSON.stringify(edgeKey)} };`;

/** A key from a secret being rotated out counts too: CloudFront keeps sending it until its new function deploys. */
export const isEdgeKey = (value: string | undefined, secrets: Secrets) =>
  value !== undefined && withAnySecret(secrets, (secret) => safeEqual(value, edgeKeyOf(secret)));
