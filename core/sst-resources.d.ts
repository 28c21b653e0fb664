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
    /** Each worker queue's DLQ and source (infra/events.ts), for health, the admin screen and redrive. */
    DeadLetters: {
      queues: { name: string; dlqUrl: string; dlqArn: string; sourceUrl: string; sourceArn: string }[];
      type: "sst.sst.Linkable";
    };
    /** The classifier's trainer (infra/cron.ts), linked to the sweep only. */
    Trainer: { name: string; type: "sst.aws.Function" };
  }
}
