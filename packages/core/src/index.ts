export * from './agencies';
export * from './errors';
export * from './access';
export * from './audit';
