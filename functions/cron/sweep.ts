import { republishPending } from "../../core/events/publish.ts";

/**
 * The scheduled sweep (every minute on AWS, a timer locally): re-publishes events whose publish failed after
 * their change was stored. Bounded per run; what is left is picked up by the next run.
 */
export async function handler(): Promise<{ republished: number; failed: number }> {
  const { published, failed } = await republishPending(new Date());
  if (published || failed) console.log(JSON.stringify({ msg: "sweep", republished: published, failed }));
  return { republished: published, failed };
}
