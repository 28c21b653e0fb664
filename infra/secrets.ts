/** Signs portal tokens and the desk's Message-IDs. Set once per stage: `npx sst secret set DeskSecret <random>`. */
export const deskSecret = new sst.Secret("DeskSecret");

/** Bearer secret for POST /api/inbound/email (other mail providers, a mail server pipe). */
export const inboundSecret = new sst.Secret("InboundSecret");
