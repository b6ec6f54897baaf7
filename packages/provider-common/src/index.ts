export type { Coercion, FlagsmithValue } from './coerce';
export { coerceValue } from './coerce';
export type { DefaultFlag, ResolutionOptions, ResolutionRequest } from './resolve-flag';
export { openFeatureReason, resolveFlag, unavailableResolution } from './resolve-flag';
export type { DebugLog, FlagsmithIdentity, Traits, TraitValue } from './traits';
export { contextToIdentity, toTraitValue } from './traits';
