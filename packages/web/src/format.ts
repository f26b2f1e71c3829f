/** How addresses, sizes and times read on screen. */
import type { Address } from './api';

export function formatAddress(a: Address | null | undefined): string {
  if (!a) return '';
  return a.Name && a.Address ? `${a.Name} <${a.Address}>` : a.Name || a.Address;
}

/** The short form for the list: the name, else the address. */
export function shortAddress(a: Address | null | undefined): string {
  return a ? a.Name || a.Address : '';
}

export function formatRecipients(list: Address[]): string {
  if (list.length === 0) return '';
  const first = shortAddress(list[0]);
  return list.length === 1 ? first : `${first} +${list.length - 1}`;
}

const units = ['B', 'kB', 'MB', 'GB'];

export function formatSize(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 || value >= 10 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

function parseDate(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

const timeOfDay = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayOfYear = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const fullDay = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const full = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'medium' });

/** Today: the time; this year: the day; else the date. */
export function formatListTime(iso: string, now = new Date()): string {
  const date = parseDate(iso);
  if (!date) return '';
  if (date.toDateString() === now.toDateString()) return timeOfDay.format(date);
  if (date.getFullYear() === now.getFullYear()) return dayOfYear.format(date);
  return fullDay.format(date);
}

export function formatFullTime(iso: string): string {
  const date = parseDate(iso);
  return date ? full.format(date) : iso;
}
