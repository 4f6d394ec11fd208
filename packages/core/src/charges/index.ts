export * from './charge-codes';
export * from './charge-synonyms';
