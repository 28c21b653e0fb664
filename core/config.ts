import { Resource } from "sst";
import { deskSecrets } from "./auth/crypto.ts";

/**
 * Deployment settings. Linked resources come from SST (`Resource.X`, which reads `SST_RESOURCE_X` from the
 * environment, so the local stack and tests set the same variables); plain settings come from `DESK_*`.
 * AWS endpoints are the SDK's own `AWS_ENDPOINT_URL_<SERVICE>` variables: production code never branches on
 * "local".
 */
export interface DeskConfig {
  tableName: string;
  eventsTopicArn: string;
  /** Raw inbound mail and attachments. */
  mailBucket: string;
  /** The desk secret that signs links, keys and Message-IDs (the first of `secrets`). */
  secret: string;
  /**
   * Every secret a signature is accepted from: DeskSecret holds one, or several separated by spaces while one is
   * rotated out (`"<new> <old>"`: the new one signs, both verify; README "Rotating the desk secret").
   */
  secrets: readonly string[];
  /** Bearer secret for POST /api/inbound/email (the first of `inboundSecrets`). */
  inboundSecret: string;
  /** Every bearer secret the inbound endpoint accepts: InboundSecret rotates as DeskSecret does ("<new> <old>"). */
  inboundSecrets: readonly string[];
  /** Public base URL of the desk, used in links sent to customers. */
  publicUrl: string;
  /** The desk's sending address, e.g. `Support <support@example.com>`. */
  mailFrom: string;
  deskName: string;
  /** Replies go to `support+<ticket token>@…` so that a reply finds its ticket even without headers. */
  plusAddressing: boolean;
  /** Cookies get `Secure` when the desk is served over https. */
  secureCookies: boolean;
}

let cached: DeskConfig | undefined;

export function config(): DeskConfig {
  if (cached) return cached;
  const publicUrl = (process.env.DESK_PUBLIC_URL ?? "http://localhost:3000").replace(/\/+$/, "");
  const secrets = deskSecrets(Resource.DeskSecret.value, "DeskSecret");
  cached = {
    tableName: Resource.Table.name,
    secret: secrets[0]!,
    secrets,
    // Read on use: each function is linked only to the resources it needs.
    get eventsTopicArn() {
      return Resource.Events.arn;
    },
    get mailBucket() {
      return Resource.MailBucket.name;
    },
    get inboundSecret() {
      return inboundSecretList()[0]!;
    },
    get inboundSecrets() {
      return inboundSecretList();
    },
    publicUrl,
    ...deskIdentity(),
    plusAddressing: process.env.DESK_PLUS_ADDRESSING !== "0",
    secureCookies: publicUrl.startsWith("https://"),
  };
  return cached;
}

/** InboundSecret's value, read on use (only the API is linked to it). */
const inboundSecretList = () => deskSecrets(Resource.InboundSecret.value, "InboundSecret");

/** Who the desk is in mail, from the environment alone (the mail parser needs it without linked resources). */
export function deskIdentity(): { mailFrom: string; deskName: string } {
  return {
    mailFrom: process.env.DESK_MAIL_FROM ?? "Support <support@desk.localhost>",
    deskName: process.env.DESK_NAME ?? DEFAULT_DESK_NAME,
  };
}

/** The name the desk signs with when DESK_NAME is not set (English: it is also the API's author name). */
export const DEFAULT_DESK_NAME = "Help desk";

/**
 * The desk's name under a French mail: the default name is a placeholder, not a brand, so a French customer
 * reads the agent app's French name for it rather than English words; a name the company chose stays as it is.
 */
export const frenchDeskName = (deskName: string): string =>
  deskName === DEFAULT_DESK_NAME ? "Centre d'assistance" : deskName;

/** Tests and the local stack change the environment between runs of the same process. */
export function resetConfig(): void {
  cached = undefined;
}
