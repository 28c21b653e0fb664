import { Resource } from "sst";

/**
 * Deployment settings. Linked resources come from SST (`Resource.X`, which reads `SST_RESOURCE_X` from the
 * environment, so the local stack and tests set the same variables); plain settings come from `DESK_*`.
 * AWS endpoints are the SDK's own `AWS_ENDPOINT_URL_<SERVICE>` variables: production code never branches on
 * "local".
 */
export interface DeskConfig {
  tableName: string;
  eventsTopicArn: string;
  secret: string;
  /** Public base URL of the desk, used in links sent to customers. */
  publicUrl: string;
  /** The desk's sending address, e.g. `Support <support@example.com>`. */
  mailFrom: string;
  deskName: string;
  /** Cookies get `Secure` when the desk is served over https. */
  secureCookies: boolean;
}

let cached: DeskConfig | undefined;

export function config(): DeskConfig {
  if (cached) return cached;
  const publicUrl = (process.env.DESK_PUBLIC_URL ?? "http://localhost:3000").replace(/\/+$/, "");
  cached = {
    tableName: Resource.Table.name,
    eventsTopicArn: Resource.Events.arn,
    secret: Resource.DeskSecret.value,
    publicUrl,
    mailFrom: process.env.DESK_MAIL_FROM ?? "Support <support@desk.localhost>",
    deskName: process.env.DESK_NAME ?? "Help desk",
    secureCookies: publicUrl.startsWith("https://"),
  };
  if (cached.secret.length < 16) throw new Error("DeskSecret must be at least 16 characters");
  return cached;
}

/** Tests and the local stack change the environment between runs of the same process. */
export function resetConfig(): void {
  cached = undefined;
}
