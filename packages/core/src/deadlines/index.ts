/**
 * @xietong/core/deadlines — CPL 105 deadline arithmetic over the PRC working-day calendar.
 * Pure and browser-safe: no I/O, no clock, no node: imports. See README.md.
 */
export * from './civil-date';
export * from './calendar';
export * from './calculate';
export * from './timers';
export * from './status';
