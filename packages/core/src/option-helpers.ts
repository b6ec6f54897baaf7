import type { Logger } from './logger';

/**
 * Reads a numeric option the way every options resolver of this project does: `undefined` means
 * the default; a value of the wrong type is a `TypeError` naming the rule; a number out of range
 * is reported to `logger` as a warning and replaced by the default.
 *
 * Shared by the packages of flagsmith-openfeature so their options behave alike.
 */
export function resolveNumberOption(
  caller: string,
  logger: Logger,
  name: string,
  value: unknown,
  fallback: number,
  valid: (value: number) => boolean,
  rule: string,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number') {
    throw new TypeError(`${caller}: ${name} must be a number (${rule}), got ${typeof value}`);
  }
  if (Number.isNaN(value) || !valid(value)) {
    logger.warn(`${caller}: ${name} must be ${rule}; got ${value}, using the default ${fallback}`);
    return fallback;
  }
  return value;
}

/**
 * Reads a base URL option: `undefined` means `fallback`; anything but an absolute http(s) URL is
 * a `TypeError` with an example. The result always ends with `/`, because paths such as
 * `flags/` or `v1/events` are resolved against it: without the trailing slash the last segment
 * would be replaced instead of extended.
 */
export function resolveBaseUrlOption(
  caller: string,
  name: string,
  value: unknown,
  fallback: string,
): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string') {
    throw new TypeError(
      `${caller}: ${name} must be a URL string such as '${fallback}', got ${typeof value}`,
    );
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(
      `${caller}: ${name} must be an absolute http(s) URL such as '${fallback}', got '${value}'`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(
      `${caller}: ${name} must use http or https, such as '${fallback}', got '${value}'`,
    );
  }
  if (!url.pathname.endsWith('/')) url.pathname = `${url.pathname}/`;
  return url.href;
}
