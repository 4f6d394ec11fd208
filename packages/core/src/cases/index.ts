export * from './resident-id';
export * from './court-codes';
export * from './case-numbers';
export * from './document-numbers';
export * from './coercive-measures';
export * from './case';
export * from './classification';
