import { settings } from "./settings.ts";

/** SES sending identity for the desk's domain (DKIM records are created when the domain is on Route 53). */
export const email = new sst.aws.Email("Email", { sender: settings.mailDomain });
