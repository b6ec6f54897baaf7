export { coerceValue } from './coerce';
export type { Coercion, FlagsmithValue } from './coerce';
export { openFeatureReason, resolveFlag, unavailableResolution } from './resolve-flag';
export type { DefaultFlag, ResolutionOptions, ResolutionRequest } from './resolve-flag';
export { contextToIdentity, toTraitValue } from './traits';
export type { DebugLog, FlagsmithIdentity, TraitValue, Traits } from './traits';
