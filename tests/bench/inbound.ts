import { performance } from "node:perf_hooks";
import { createTransport } from "nodemailer";
import MailComposer from "nodemailer/lib/mail-composer";
import { takeMetered } from "../../core/store/meter.ts";
import { drainQueues, type LocalQueue } from "../../infra/local/queues.ts";
import { startSmtp } from "../../infra/local/smtp.ts";

/**
 * Inbound mail through the whole local pipeline: SMTP → raw message in S3 → notification on the InboundMail
 * queue → filing worker → ticket → ticket.created → acknowledgement worker → SES. Returns throughput and
 * the DynamoDB units one message costs end to end.
 */
export async function measureInbound(queues: LocalQueue[], count: number) {
  const smtp = await startSmtp(0, "support@desk.localhost");
  const transport = createTransport({
    host: "127.0.0.1",
    port: smtp.port,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: 4,
  });
  takeMetered();
  const started = performance.now();
  const raws = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      new MailComposer({
        from: `Sender ${i} <sender${i}@bench.example>`,
        to: "support@desk.localhost",
        subject: `Bench mail ${i}`,
        text: "My laptop does not start since this morning.\n\nOn Monday, Support wrote:\n> earlier",
      })
        .compile()
        .build(),
    ),
  );
  for (let i = 0; i < raws.length; i += 8) {
    await Promise.all(
      raws
        .slice(i, i + 8)
        .map((raw) =>
          transport.sendMail({ envelope: { from: "x@bench.example", to: "support@desk.localhost" }, raw }),
        ),
    );
  }
  let handled = 0;
  while (handled < count * 2) {
    const n = await drainQueues(queues);
    if (n === 0) break;
    handled += n;
  }
  const seconds = (performance.now() - started) / 1000;
  const calls = takeMetered();
  transport.close();
  await smtp.close();
  return {
    count,
    perSecond: +(count / seconds).toFixed(1),
    requestsPerMessage: +(calls.length / count).toFixed(1),
    readUnitsPerMessage: +(calls.reduce((s, c) => s + c.readUnits, 0) / count).toFixed(1),
    writeUnitsPerMessage: +(calls.reduce((s, c) => s + c.writeUnits, 0) / count).toFixed(1),
  };
}
