/**
 * PostgreSQL's unique_violation (23505): a check-then-insert that lost a race to the same request
 * sent twice at once. The index settled it; the loser gets the same 4xx as a later duplicate.
 */
export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  const err = e as { code?: string; constraint?: string } | null;
  return err?.code === '23505' && (constraint === undefined || err.constraint === constraint);
}
