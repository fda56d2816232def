import { badInput } from '@lg/platform';

/** The locales the web client offers (BCP 47, canonical case). */
export const SUPPORTED_LOCALES = ['en', 'en-GB', 'fr', 'de', 'es', 'it', 'nl', 'pt-BR', 'pl', 'ja', 'zh-CN', 'ar'] as const;

export const DEFAULTS = { locale: 'en', timeZone: 'UTC' } as const;

/** One of SUPPORTED_LOCALES, whatever case the caller used (`EN-gb` is `en-GB`). */
export function checkLocale(value: string): string {
  let canonical: string | undefined;
  try {
    canonical = value.length <= 35 ? Intl.getCanonicalLocales(value)[0] : undefined;
  } catch {
    canonical = undefined;
  }
  const found = SUPPORTED_LOCALES.find((l) => l === canonical);
  if (!found) throw badInput(`locale must be one of ${SUPPORTED_LOCALES.join(', ')}.`, 'locale');
  return found;
}

/** An IANA time zone Intl knows, in its canonical spelling (`europe/paris` is `Europe/Paris`). */
export function checkTimeZone(value: string): string {
  if (value.length === 0 || value.length > 64) throw badInput('timeZone must be an IANA time zone name such as Europe/Paris (at most 64 characters).', 'timeZone');
  try {
    return new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    throw badInput(`${JSON.stringify(value.slice(0, 64))} is not a time zone; use an IANA name such as Europe/Paris.`, 'timeZone');
  }
}

/** The local wall-clock hour and minute of `at` in `timeZone`. */
function localTime(at: Date, timeZone: string): { hour: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { hour: get('hour'), minute: get('minute') };
}

/**
 * The first instant after `now` when it is `hour`:00 in `timeZone`, stepping in quarter hours so
 * that zones 30 or 45 minutes off UTC and daylight-saving days land right; a day without that local
 * hour (a spring-forward gap) takes the first quarter hour after it.
 */
export function nextLocalHour(now: Date, timeZone: string, hour: number): Date {
  const quarter = 15 * 60_000;
  let at = new Date(Math.floor(now.getTime() / quarter) * quarter + quarter);
  let previous = localTime(new Date(at.getTime() - quarter), timeZone);
  for (let i = 0; i < 4 * 50; i += 1) {
    const local = localTime(at, timeZone);
    const reached = local.hour === hour && local.minute === 0;
    const skipped = previous.hour < hour && local.hour > hour && local.hour - previous.hour <= 2;
    if (reached || skipped) return at;
    previous = local;
    at = new Date(at.getTime() + quarter);
  }
  return new Date(now.getTime() + 24 * 3_600_000);
}
