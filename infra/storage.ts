import { topology } from "./topology.ts";

/**
 * Raw inbound mail (inbound/, written by SES's receipt rule or the HTTP intake) and stored attachments
 * (attachments/). SES may write here; nothing is public.
 */
export const mailBucket = new sst.aws.Bucket(topology.mailBucket.name, {
  policy: [
    {
      actions: ["s3:PutObject"],
      principals: [{ type: "service", identifiers: ["ses.amazonaws.com"] }],
      conditions: [
        {
          test: "StringEquals",
          variable: "AWS:SourceAccount",
          values: [aws.getCallerIdentityOutput().accountId],
        },
      ],
    },
  ],
});
