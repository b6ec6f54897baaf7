// Semantic versions as Flagsmith's reference engine reads them (python-semver 3): strict
// MAJOR.MINOR.PATCH with optional pre-release and build, no leading `v`, build metadata ignored
// in comparisons.

/** A parsed semantic version. */
export interface SemVer {
  readonly major: string;
  readonly minor: string;
  readonly patch: string;
  readonly prerelease: readonly (string | number)[] | null;
}

const NUMBER = '0|[1-9][0-9]*';
const IDENTIFIER = `(?:${NUMBER}|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)`;
// Python's `$` also matches before a final newline, so python-semver accepts "1.2.3\n".
const SEMVER = new RegExp(
  `^(${NUMBER})\\.(${NUMBER})\\.(${NUMBER})(?:-(${IDENTIFIER}(?:\\.${IDENTIFIER})*))?(?:\\+[0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*)?\\n?$`,
);

/** Parses a version the way `semver.Version.parse` does; undefined where it raises. */
export function parseSemVer(text: string): SemVer | undefined {
  const match = SEMVER.exec(text);
  if (match === null) return undefined;
  const prerelease = match[4];
  return {
    major: match[1] as string,
    minor: match[2] as string,
    patch: match[3] as string,
    prerelease:
      prerelease === undefined
        ? null
        : prerelease.split('.').map((part) => (/^[0-9]+$/.test(part) ? Number(part) : part)),
  };
}

function compareNumeric(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

function comparePrerelease(
  a: readonly (string | number)[],
  b: readonly (string | number)[],
): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a[i] as string | number;
    const y = b[i] as string | number;
    if (x === y) continue;
    if (typeof x === 'number') return typeof y === 'number' ? x - y : -1;
    if (typeof y === 'number') return 1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/** Orders two versions by SemVer precedence: negative, zero or positive. */
export function compareSemVer(a: SemVer, b: SemVer): number {
  const core =
    compareNumeric(a.major, b.major) ||
    compareNumeric(a.minor, b.minor) ||
    compareNumeric(a.patch, b.patch);
  if (core !== 0) return core;
  if (a.prerelease === null) return b.prerelease === null ? 0 : 1;
  if (b.prerelease === null) return -1;
  return comparePrerelease(a.prerelease, b.prerelease);
}
