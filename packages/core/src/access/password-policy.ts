/**
 * Password policy (GB/T 22239-2019 §8.1.4.1 a: 口令具有复杂度要求并定期更换). The values are
 * configuration (XIETONG_PASSWORD_MIN_LENGTH, _MIN_CLASSES, _MAX_AGE_DAYS); the rule is here,
 * pure, so the server refuses and the web form explains with the same words.
 */
import { z } from 'zod';

export const ZPasswordPolicy = z.object({
  minLength: z.number().int().min(8),
  /** how many of the four classes (lower case, upper case, digits, other characters) a password needs */
  minClasses: z.number().int().min(1).max(4),
  /** days after which a password must be changed at the next sign-in; 0 = never */
  maxAgeDays: z.number().int().min(0),
});
export type TPasswordPolicy = z.infer<typeof ZPasswordPolicy>;

/** 10 characters, three classes, changed every 90 days: a common 等保 level-3 reading. */
export const DEFAULT_PASSWORD_POLICY: TPasswordPolicy = { minLength: 10, minClasses: 3, maxAgeDays: 90 };

const CLASSES: readonly RegExp[] = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{Ll}\p{Lu}\p{Nd}]/u];

export function passwordClasses(pw: string): number {
  return CLASSES.filter((re) => re.test(pw)).length;
}

/** What is wrong with a new password, as Chinese sentences; empty when it is acceptable. */
export function passwordProblems(policy: TPasswordPolicy, pw: string, ctx: { username?: string; current?: string } = {}): string[] {
  const out: string[] = [];
  if ([...pw].length < policy.minLength) out.push(`长度至少${policy.minLength}位`);
  if (passwordClasses(pw) < policy.minClasses) out.push(`至少包含小写字母、大写字母、数字、符号中的${policy.minClasses}类`);
  if (ctx.username && pw.toLowerCase().includes(ctx.username.toLowerCase())) out.push('不能包含用户名');
  if (ctx.current !== undefined && pw === ctx.current) out.push('不能与原密码相同');
  return out;
}

/** The policy as one sentence for forms (zh and en). */
export function describePasswordPolicy(policy: TPasswordPolicy): { zh: string; en: string } {
  const age = policy.maxAgeDays > 0;
  return {
    zh: `密码至少${policy.minLength}位，至少包含小写字母、大写字母、数字、符号中的${policy.minClasses}类，不能包含用户名${age ? `；每${policy.maxAgeDays}天须更换一次` : ''}。`,
    en: `At least ${policy.minLength} characters from at least ${policy.minClasses} of: lower case, upper case, digits, symbols; not containing the username${age ? `; must be changed every ${policy.maxAgeDays} days` : ''}.`,
  };
}

/** Has the password outlived the policy? `changedAt` and `now` in ms since the epoch. */
export function passwordExpired(policy: TPasswordPolicy, changedAt: number, now: number): boolean {
  return policy.maxAgeDays > 0 && now - changedAt >= policy.maxAgeDays * 86_400_000;
}
