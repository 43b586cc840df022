/**
 * Reads a JSON column. A missing or damaged value yields the fallback: one bad cell must
 * not make a paper, draft or review unreadable (callers validate the shape they need).
 */
export function parseJson<T>(text: unknown, fallback: T): T {
  if (typeof text !== 'string' || text === '') return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
