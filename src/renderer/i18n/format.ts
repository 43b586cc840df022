/**
 * Dates and numbers in the UI language (not the browser's): a zh-CN UI shows
 * "2026年12月6日 14:05", an en one "Dec 6, 2026, 2:05 PM". Formatters are cached per
 * language and style: Intl objects are costly to build and a table formats hundreds.
 */
const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function dateFormat(lng: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${lng}|${JSON.stringify(opts)}`;
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(lng, opts)));
  return f as Intl.DateTimeFormat;
}

export function formatDateTime(iso: string, lng: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : dateFormat(lng, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

export function formatDate(iso: string, lng: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateFormat(lng, { dateStyle: 'medium' }).format(d);
}

export function formatNumber(n: number, lng: string): string {
  const key = `n|${lng}`;
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.NumberFormat(lng)));
  return (f as Intl.NumberFormat).format(n);
}
