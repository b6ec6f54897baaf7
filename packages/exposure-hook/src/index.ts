export type { ExposureHookOptions } from './exposure-hook';
export { ExposureHook } from './exposure-hook';
export { trackToFlagsmith } from './track';
