/** A `%term%` pattern for ILIKE with the user's %, _ and backslash taken literally. */
export function likeContains(term: string): string {
  return `%${term.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
}
