import { nodejsBundling } from "./bundling.ts";

/** Deploy-time settings, read from the environment of `sst deploy`. Everything has a working default. */
export const settings = {
  /** Custom domain for the desk (CloudFront). Without one, the CloudFront URL is used. */
  domain: process.env.DESK_DOMAIN,
  /** Domain (or address) SES sends from; must be verified in SES. */
  mailDomain: process.env.DESK_MAIL_DOMAIN ?? process.env.DESK_DOMAIN ?? "example.com",
  deskName: process.env.DESK_NAME ?? "Help desk",
  /** Where dead-letter alarms are mailed (infra/dead-letters.ts); none when unset (the alarms still show). */
  alarmEmail: process.env.DESK_ALARM_EMAIL,
};

export const mailFrom = `${settings.deskName} <support@${settings.mailDomain}>`;

/** Every function: Node 24 on arm64 (cheaper per ms than x86), small memory, short logs retention. */
export const functionDefaults = {
  runtime: "nodejs24.x",
  architecture: "arm64",
  memory: "256 MB",
  logging: { retention: "1 month" },
  // One definition, also used by `npm run build:functions` and the cold-start benchmark (infra/bundling.ts).
  nodejs: nodejsBundling,
} as const;
