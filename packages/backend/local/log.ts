/**
 * The local backend's console log: one line per request, and a line saying why whenever a
 * request is refused, so a new user can see what happened without a debugger.
 */
export type LogLevel = 'quiet' | 'info' | 'debug';

export interface Logger {
  info(message: string): void;
  /** A refusal or a problem the user should know about, with its reason. */
  warn(message: string): void;
  debug(message: string): void;
}

export function createLogger(level: LogLevel, write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Logger {
  const stamp = () => new Date().toISOString().slice(11, 23);
  return {
    info: (message) => level !== 'quiet' && write(`${stamp()} ${message}`),
    warn: (message) => level !== 'quiet' && write(`${stamp()} ! ${message}`),
    debug: (message) => level === 'debug' && write(`${stamp()}   ${message}`),
  };
}
