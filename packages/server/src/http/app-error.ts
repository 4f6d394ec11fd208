import { ERRORS, type TErrorCode } from '@xietong/core';

/** The one error type actions throw; the HTTP layer maps it by its code (STYLE.md §2.7). */
export class AppError extends Error {
  readonly code: TErrorCode;
  readonly details: unknown;
  readonly userMessage: string | undefined;
  constructor(code: TErrorCode, opts: { details?: unknown; message?: string } = {}) {
    super(opts.message ?? ERRORS[code].en);
    this.code = code;
    this.details = opts.details;
    this.userMessage = opts.message;
  }
  get status(): number {
    return ERRORS[this.code].status;
  }
}
