export * from './evidence-types';
export * from './guide';
export * from './guides-data';
export * from './volumes';
