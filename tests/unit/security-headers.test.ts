import { describe, expect, it } from "vitest";
import { SECURITY_HEADERS, securityHeadersInjection } from "../../infra/security-headers.ts";

/** The router's viewer-response function, run as CloudFront runs it: the injection inside its handler. */
type Headers = Record<string, { value: string }>;
const respond = (headers: Headers) => {
  const event = { response: { statusCode: 200, headers } };
  new Function("event", securityHeadersInjection)(event);
  return event.response.headers;
};

describe("the security headers the router adds", () => {
  it("adds each one an answer left out", () => {
    expect(respond({ "content-type": { value: "text/html" } })).toEqual({
      "content-type": { value: "text/html" },
      "x-frame-options": { value: "SAMEORIGIN" },
      "x-content-type-options": { value: "nosniff" },
      "referrer-policy": { value: "same-origin" },
    });
  });

  it("keeps what the answer set itself", () => {
    const own = { "x-frame-options": { value: "DENY" }, "referrer-policy": { value: "no-referrer" } };
    expect(respond({ ...own })).toMatchObject(own);
    expect(Object.keys(respond({}))).toEqual(Object.keys(SECURITY_HEADERS));
  });
});
