/** A served value as an exposure records it: the value as a string, objects as their JSON. */
export function exposedValue(value: unknown): string {
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
