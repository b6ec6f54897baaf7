import { version } from '../../package.json';

/** This package's version, sent as `metadata.sdk_version` and in the user agent header. */
export const SDK_VERSION: string = version;

/** The value of the `Flagsmith-SDK-User-Agent` header. */
export const SDK_USER_AGENT = `flagsmith-openfeature-js/${SDK_VERSION}`;
