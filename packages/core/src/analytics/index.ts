export * from './surge';
export * from './quantiles';
export * from './chain';
export * from './petitions';
