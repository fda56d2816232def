import { pino, type DestinationStream, type Logger } from 'pino';

export type { DestinationStream, Logger };

/** `destination`: where lines go instead of stdout (tests read the access log from it). */
export function createLogger(name: string, level: string, destination?: DestinationStream): Logger {
  const options = { name, level, base: { service: name }, redact: ['req.headers.authorization', '*.password', '*.refreshToken'] };
  return destination ? pino(options, destination) : pino(options);
}
