/**
 * @xietong/core/custody — each person's 强制措施 and 羁押期限: what starts, ends and extends
 * them, for how long, under which article. Pure; see README.md.
 */
export * from './custody-periods';
export * from './custody-effects';
export * from './fact-dates';
export * from './fields';
export * from './custody-transfer';
export * from './interrogation';
