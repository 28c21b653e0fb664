/**
 * The desk's one logger: a JSON line per entry (CloudWatch and `npm start` read the same shape), at or above
 * `LOG_LEVEL` (debug, info, warn, error). The default is info, and warn under vitest, so a green test run prints
 * only its summary while errors and warnings still show. Read on every call: tests and tools may change it.
 */
const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
export type LogLevel = keyof typeof LEVELS;

function threshold(): number {
  const wanted = process.env.LOG_LEVEL?.toLowerCase();
  if (wanted && wanted in LEVELS) return LEVELS[wanted as LogLevel];
  return process.env.VITEST ? LEVELS.warn : LEVELS.info;
}

function write(level: LogLevel, msg: string, fields: Record<string, unknown>) {
  if (LEVELS[level] < threshold()) return;
  const line = JSON.stringify({ level, msg, ...fields });
  // stderr for trouble, stdout for the rest (as Lambda's console does).
  if (LEVELS[level] >= LEVELS.warn) console.error(line);
  else console.log(line);
}

export const log = {
  debug: (msg: string, fields: Record<string, unknown> = {}) => write("debug", msg, fields),
  info: (msg: string, fields: Record<string, unknown> = {}) => write("info", msg, fields),
  warn: (msg: string, fields: Record<string, unknown> = {}) => write("warn", msg, fields),
  error: (msg: string, fields: Record<string, unknown> = {}) => write("error", msg, fields),
};
