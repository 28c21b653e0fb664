// The resources infra links to the functions (see infra/*.ts). `sst deploy` generates an equivalent
// sst-env.d.ts; this committed copy keeps `npm run check` working on a clean clone.
import "sst";

declare module "sst" {
  export interface Resource {
    Table: { name: string; type: "sst.aws.Dynamo" };
    Events: { arn: string; type: "sst.aws.SnsTopic" };
    DeskSecret: { value: string; type: "sst.sst.Secret" };
    InboundSecret: { value: string; type: "sst.sst.Secret" };
    MailBucket: { name: string; type: "sst.aws.Bucket" };
    /**
     * The Retry queue (Lambda's on-failure destination), the DeadLetters queue and each worker's function name
     * (infra/dead-letters.ts): for the sweep's retry rounds, health, the admin screen and redrive.
     */
    DeadLetters: {
      retryUrl: string;
      deadLetterUrl: string;
      workers: { name: string; functionName: string }[];
      type: "sst.sst.Linkable";
    };
    /** The classifier's trainer (infra/cron.ts), linked to the sweep only. */
    Trainer: { name: string; type: "sst.aws.Function" };
  }
}
