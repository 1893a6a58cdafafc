export type LogLevel = "debug" | "info" | "warn" | "error";
const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogFields = Record<string, unknown>;

/** A JSON logger: one line per event, with bound fields such as service and batch_id. */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  level?: LogLevel;
  write?: (line: string) => void;
}

function levelFromEnv(): LogLevel {
  const raw = (process.env.LOG_LEVEL ?? "info").toLowerCase();
  return raw in RANK ? (raw as LogLevel) : "info";
}

function serialise(value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}

/**
 * @example const log = createLogger("content-service"); log.info("stored", { storage_id })
 */
export function createLogger(service: string, options: LoggerOptions = {}, bound: LogFields = {}): Logger {
  const min = RANK[options.level ?? levelFromEnv()];
  const write = options.write ?? ((line: string) => process.stdout.write(line + "\n"));
  const emit = (level: LogLevel, msg: string, fields?: LogFields) => {
    if (RANK[level] < min) return;
    const record: LogFields = { ts: new Date().toISOString(), level, service, msg, ...bound };
    if (fields) for (const [k, v] of Object.entries(fields)) record[k] = serialise(v);
    write(JSON.stringify(record));
  };
  return {
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
    child: (fields) => createLogger(service, options, { ...bound, ...fields }),
  };
}

/** A logger that keeps its lines in memory, for tests that assert on logs. */
export function createMemoryLogger(service: string): Logger & { lines: LogFields[] } {
  const lines: LogFields[] = [];
  const logger = createLogger(service, { level: "debug", write: (l) => lines.push(JSON.parse(l) as LogFields) });
  return Object.assign(logger, { lines });
}
