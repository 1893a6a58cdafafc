// A local SMTP sink for tests and the demo: accepts every message on loopback and stores it as
// an .eml file plus one JSON line in index.jsonl. Recipients starting with "reject" get a 550.
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

const dir = process.env.SMTP_SINK_DIR ?? ".data/mail";
const port = Number(process.env.SMTP_SINK_PORT ?? 2525);
const portFile = process.env.SMTP_SINK_PORT_FILE;
mkdirSync(dir, { recursive: true });
let counter = 0;

const server = new SMTPServer({
  secure: false,
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  allowInsecureAuth: true,
  // Any credentials are accepted: the sink only proves that the sender can authenticate.
  onAuth(auth, _session, callback) {
    callback(null, { user: auth.username ?? "anyone" });
  },
  logger: false,
  size: 10 * 1024 * 1024,
  onRcptTo(address, _session, callback) {
    if (address.address.toLowerCase().startsWith("reject")) {
      const err = Object.assign(new Error("Mailbox unavailable (sink rejects reject* recipients)"), { responseCode: 550 });
      callback(err);
      return;
    }
    callback();
  },
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => {
      const raw = Buffer.concat(chunks);
      const file = `${Date.now()}-${process.pid}-${++counter}.eml`;
      writeFileSync(join(dir, file), raw);
      void simpleParser(raw).then((parsed) => {
        const entry = {
          file, received_at: new Date().toISOString(), subject: parsed.subject ?? "",
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          message_id: parsed.messageId ?? "",
        };
        appendFileSync(join(dir, "index.jsonl"), JSON.stringify(entry) + "\n");
        callback(null, `stored as ${file}`);
      }, (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))));
    });
  },
});

server.on("error", (err) => console.error(JSON.stringify({ service: "smtp-sink", level: "error", msg: "smtp error", error: err.message })));
server.listen(port, "127.0.0.1", () => {
  const address = server.server.address();
  const bound = typeof address === "object" && address ? address.port : port;
  if (portFile) writeFileSync(portFile, String(bound));
  console.log(JSON.stringify({ service: "smtp-sink", level: "info", msg: "smtp sink listening", port: bound, dir }));
});

const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
