export * from './charge-codes';
