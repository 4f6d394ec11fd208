import type { TActor } from '@xietong/core';

/** Who is asking and from where; copied into every audit row. */
export type TRequestContext = {
  actor: TActor | null;
  ip: string | null;
  userAgent: string | null;
};
