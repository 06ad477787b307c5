/**
 * Small schema builders shared by every kind. Each one carries a message a
 * person can act on, and the JSON Schema hints the CRD generator needs
 * (bounds, patterns, free-form markers), so the two never drift apart.
 */
import { z } from 'zod';

/** Marker the CRD generator turns into `x-kubernetes-preserve-unknown-fields`. */
export const PRESERVE_UNKNOWN = 'x-kubernetes-preserve-unknown-fields';

/** An integer between min and max inclusive, with one message for both bounds. */
export function intRange(min: number, max: number) {
  const message = `must be an integer between ${min} and ${max}`;
  return z.int(message).min(min, message).max(max, message);
}

/** A number between min and max inclusive. */
export function numberRange(min: number, max: number) {
  const message = `must be a number between ${min} and ${max}`;
  return z.number(message).min(min, message).max(max, message);
}

/** A non-empty string of at most `max` characters (CEL cost needs a bound). */
export function text(max: number) {
  return z.string().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
}

// RE2-compatible patterns (the apiserver compiles them with Go's regexp).
export const DNS_LABEL_PATTERN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
export const DNS_SUBDOMAIN_PATTERN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';
export const DATE_PATTERN = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$';
export const TIME_PATTERN =
  '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$';

/** A DNS-1123 label: names that end up inside other object names. */
export const dnsLabel = z
  .string()
  .max(63, 'must be at most 63 characters')
  .regex(new RegExp(DNS_LABEL_PATTERN), 'must be a DNS label: lower-case letters, digits and "-"');

/** A Kubernetes object name (DNS-1123 subdomain). */
export const objectName = z
  .string()
  .max(253, 'must be at most 253 characters')
  .regex(
    new RegExp(DNS_SUBDOMAIN_PATTERN),
    'must be a Kubernetes name: lower-case letters, digits, "-" and "."',
  );

/** A calendar date `YYYY-MM-DD` that exists. */
export const dateSchema = z
  .string()
  .regex(new RegExp(DATE_PATTERN), 'must be a date written YYYY-MM-DD')
  .refine(isRealDate, 'must be a date that exists');

function isRealDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** An RFC 3339 timestamp, as Kubernetes writes `metav1.Time`. */
export const timeSchema = z
  .string()
  .regex(new RegExp(TIME_PATTERN), 'must be an RFC 3339 time such as 2026-01-02T15:04:05Z')
  .meta({ format: 'date-time' });

/** Port numbers. */
export const port = intRange(1, 65535);

/** A name or number of a container port, as Kubernetes' IntOrString. */
export const intOrString = z
  .union([intRange(0, 65535), text(253)], 'must be a port number or a port name')
  .meta({ 'x-kubernetes-int-or-string': true });

/** Any JSON value; the apiserver keeps it as written. */
export const freeForm = z.json().meta({ [PRESERVE_UNKNOWN]: true });

/** Any JSON object; the apiserver keeps it as written. */
export const freeFormObject = z
  .record(z.string(), z.json(), 'must be an object')
  .meta({ type: 'object', [PRESERVE_UNKNOWN]: true });

/** A map of strings (labels, metadata, variables). */
export function stringMap(maxProperties = 64) {
  return z
    .record(z.string().max(253), z.string().max(4096), 'must be a map of strings')
    .refine((m) => Object.keys(m).length <= maxProperties, `must have at most ${maxProperties} entries`)
    .meta({ maxProperties });
}
