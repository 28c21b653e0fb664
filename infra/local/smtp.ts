import { SMTPServer } from "smtp-server";
import { bareAddress, mailDomain } from "../../core/mail/message-id.ts";
import { storeInboundMail } from "../../core/mail/raw-store.ts";

/** SES's limit for received mail. */
const MAX_MESSAGE_BYTES = 40 * 1024 * 1024;

/**
 * SMTP for the desk's local addresses (any address at its domain, e.g. support@desk.localhost), so any mail
 * client can write to the desk. Each message is stored where SES would store it and takes the same path.
 */
export function startSmtp(port: number, deskAddress: string) {
  const domain = mailDomain(deskAddress);
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    size: MAX_MESSAGE_BYTES,
    banner: "Help desk (local)",
    logger: false,
    onRcptTo(address, _session, callback) {
      if (bareAddress(address.address).endsWith(`@${domain}`)) return callback();
      callback(Object.assign(new Error(`550 No such mailbox here: only @${domain}`), { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          return callback(Object.assign(new Error("552 Message too large"), { responseCode: 552 }));
        }
        // SES writes the envelope sender on top as Return-Path (`<>` for the null sender of bounces and
        // auto-replies), and the filing reads it: the local desk does the same.
        const mailFrom = session.envelope.mailFrom;
        const sender = mailFrom ? mailFrom.address : "";
        const returnPath = Buffer.from(`Return-Path: <${sender.replace(/[\r\n<>]/g, "")}>\r\n`, "latin1");
        storeInboundMail(Buffer.concat([returnPath, ...chunks])).then(
          () => callback(),
          (error: unknown) =>
            callback(Object.assign(new Error(`451 Try again later: ${error}`), { responseCode: 451 })),
        );
      });
    },
  });
  return new Promise<{ port: number; close: () => Promise<void> }>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const address = server.server.address();
      resolve({
        port: typeof address === "object" && address ? address.port : port,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
