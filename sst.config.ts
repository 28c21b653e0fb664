/// <reference path="./.sst/platform/config.d.ts" />

export default $config({
  app(input) {
    return {
      name: "desk",
      home: "aws",
      removal: input?.stage === "prod" ? "retain" : "remove",
      protect: input?.stage === "prod",
    };
  },
  async run() {
    const { table } = await import("./infra/table.ts");
    const { events, retryQueue, deadLetterQueue } = await import("./infra/events.ts");
    const { router, api } = await import("./infra/api.ts");
    const { alarms } = await import("./infra/dead-letters.ts");
    await import("./infra/mail.ts");
    await import("./infra/cron.ts");
    return {
      url: router.url,
      api: api.url,
      table: table.name,
      ...(alarms ? { alarms: alarms.arn } : {}),
      topic: events.arn,
      retryQueue: retryQueue.url,
      deadLetters: deadLetterQueue.url,
    };
  },
});
