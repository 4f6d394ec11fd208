export * from './contract';
export * from './foundation.api';
export * from './cases.api';
