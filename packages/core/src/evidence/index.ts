export * from './evidence-types';
export * from './guide';
export * from './guides-data';
export * from './volumes';
export * from './guide-names-en';
