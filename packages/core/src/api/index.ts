export * from './contract';
export * from './foundation.api';
export * from './cases.api';
export * from './deadlines.api';
export * from './processes.api';
export * from './ledger.api';
export * from './documents.api';
export * from './storable-text';
