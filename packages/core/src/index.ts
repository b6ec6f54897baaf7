import ky from 'ky';

/** Smoke. */
export function make(): typeof ky {
  return ky;
}
