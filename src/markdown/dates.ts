// Frontmatter dates, read strictly. A post's date orders the home page and the feed and
// becomes RSS pubDate and sitemap lastmod, so a date the author did not mean must stop
// the build rather than be "corrected": JavaScript's Date rolls 2025-02-30 over to
// 2 March and reads "March 5" as 5 March 2001, and YAML turns an unquoted 2025-13-45
// into a Date before anyone can check it (the loader hands us the raw text instead).
//
// Time zone: a date without a time is that calendar day, midnight in the site's time
// zone (`timeZone` in src/site.config.ts, default UTC). A time without an offset
// (`2025-03-14T23:30`) is read in the same zone; an offset (`Z`, `+01:00`) is honoured.
// The build machine's own zone (TZ) never enters: nothing here calls a local-time API.

/** The written forms we accept, for messages. */
export const DATE_FORMS = 'YYYY-MM-DD (e.g. 2025-03-14), optionally with a time: 2025-03-14T09:30, 2025-03-14T09:30:00+01:00';

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** Milliseconds to add to UTC to get the wall-clock time in `timeZone` at instant `t`. */
function zoneOffset(t: number, timeZone: string): number {
  if (timeZone === 'UTC') return 0; // the default zone, and Intl's formatting is the slow part of reading a date
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    offsetFormats.set(timeZone, format);
  }
  const part = Object.fromEntries(format.formatToParts(new Date(t)).map((p) => [p.type, Number(p.value)]));
  const wall = Date.UTC(part.year!, part.month! - 1, part.day!, part.hour!, part.minute!, part.second!);
  return wall - (t - (t % 1000));
}

/** The instant at which the wall clock in `timeZone` shows `wall` (a UTC-encoded wall time). */
function fromZone(wall: number, timeZone: string): number {
  // Two rounds settle the offset, also next to a daylight-saving change.
  let t = wall - zoneOffset(wall, timeZone);
  t = wall - zoneOffset(t, timeZone);
  return t;
}

/** True when `timeZone` is an IANA name this Node knows (e.g. UTC, Europe/Berlin). */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Read a frontmatter date, or say why it is not one.
 *
 * @example parseContentDate('2025-03-14', 'UTC')        // { date: 2025-03-14T00:00:00.000Z }
 * @example parseContentDate('2025-02-30', 'UTC')        // { error: 'February 2025 has 28 days' }
 */
export function parseContentDate(text: string, timeZone: string): { date: Date } | { error: string } {
  const match = DATE.exec(text.trim());
  if (!match) return { error: 'not a date in that form' };
  const [, y, mo, d, h, mi, s, ms, offset] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12) return { error: `there is no month ${month}` };
  const days = daysInMonth(year, month);
  if (day < 1 || day > days) return { error: `${MONTHS[month - 1]} ${year} has ${days} days` };
  const hour = Number(h ?? 0);
  const minute = Number(mi ?? 0);
  const second = Number(s ?? 0);
  if (hour > 23 || minute > 59 || second > 59) return { error: `${h}:${mi}${s === undefined ? '' : `:${s}`} is not a time of day` };
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, Number((ms ?? '0').padEnd(3, '0')));
  if (offset === undefined) return { date: new Date(fromZone(wall, timeZone)) };
  if (offset === 'Z') return { date: new Date(wall) };
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0);
  if (minutes >= 24 * 60) return { error: `${offset} is not a time-zone offset` };
  return { date: new Date(wall - sign * minutes * 60_000) };
}
