import type { EnvironmentDocument } from '../environment-document';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks that a value looks enough like an environment document to serve, and returns a copy
 * the server owns, so later changes to the caller's object do not leak into responses.
 */
export function checkEnvironmentDocument(value: unknown, where: string): EnvironmentDocument {
  const fail = (problem: string): never => {
    throw new TypeError(
      `${where}: ${problem}. Pass a Flagsmith environment document (the JSON of GET /api/v1/environment-document/), such as the exported experimentEnvironment.`,
    );
  };
  if (!isObject(value)) return fail('the environment must be an object');
  if (typeof value.api_key !== 'string' || value.api_key === '')
    fail('`api_key` must be a non-empty string');
  if (typeof value.id !== 'number') fail('`id` must be a number');
  if (!isObject(value.project)) fail('`project` must be an object');
  if (isObject(value.project) && !Array.isArray(value.project.segments))
    fail('`project.segments` must be an array');
  if (!Array.isArray(value.feature_states)) fail('`feature_states` must be an array');
  for (const [index, state] of (value.feature_states as unknown[]).entries()) {
    if (!isObject(state) || !isObject(state.feature) || typeof state.feature.name !== 'string') {
      fail(
        `\`feature_states[${index}]\` must be a feature state with a \`feature\` {id, name, type}`,
      );
    }
  }
  if (value.identity_overrides !== undefined && !Array.isArray(value.identity_overrides)) {
    fail('`identity_overrides` must be an array when present');
  }
  return structuredClone(value) as unknown as EnvironmentDocument;
}
