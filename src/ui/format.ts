/** Sizes, speeds, durations and clock times as a person reads them, in the UI language. */
import { t } from './i18n';

const UNITS = ['unitB', 'unitKB', 'unitMB', 'unitGB', 'unitTB'] as const;

// Building an Intl formatter costs far more than using one, and a popup formats thousands of sizes.
const numberFormats = new Map<string, Intl.NumberFormat>();

function number(value: number, lang: string, fractionDigits: number): string {
  const key = `${lang}|${fractionDigits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(lang, { maximumFractionDigits: fractionDigits });
    numberFormats.set(key, format);
  }
  return format.format(value);
}

/** 1536 → "1.5 KB" (binary multiples, as the Windows download dialogs count them). */
export function formatBytes(bytes: number, lang: string): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  // One decimal below 10 units keeps small changes visible without jitter in larger numbers.
  const digits = unit === 0 ? 0 : value < 10 ? 1 : 0;
  return t(UNITS[unit] ?? 'unitB', number(value, lang, digits));
}

export function formatSpeed(bytesPerSecond: number, lang: string): string {
  return t('speed', formatBytes(bytesPerSecond, lang));
}

/** 45 → "45 s", 200 → "3 min 20 s", 3900 → "1 h 5 min", 97200 → "1 d 3 h". */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.ceil(totalSeconds));
  if (s < 60) return t('durationSeconds', s);
  if (s < 3600) return t('durationMinutes', Math.floor(s / 60), s % 60);
  if (s < 86400) return t('durationHours', Math.floor(s / 3600), Math.floor((s % 3600) / 60));
  return t('durationDays', Math.floor(s / 86400), Math.floor((s % 86400) / 3600));
}

/** A moment: the time of day, with the date too when it is not today. */
export function formatClock(at: number, now: number, lang: string): string {
  const when = new Date(at);
  const sameDay = new Date(now).toDateString() === when.toDateString();
  const options: Intl.DateTimeFormatOptions = sameDay
    ? { hour: '2-digit', minute: '2-digit', second: '2-digit' }
    : { dateStyle: 'medium', timeStyle: 'short' };
  return new Intl.DateTimeFormat(lang, options).format(when);
}

export function formatDate(at: number, lang: string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium' }).format(new Date(at));
}
