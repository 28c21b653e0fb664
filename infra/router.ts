import { settings } from "./settings.ts";

/** CloudFront in front of everything: the web form at /, the API at /api, one origin (no CORS, cookies work). */
export const router = new sst.aws.Router("Desk", settings.domain ? { domain: settings.domain } : {});

/** The address customers and agents open: links in every mail (workers and the sweep send them too). */
export const publicUrl = settings.domain ? `https://${settings.domain}` : router.url;
