export * from './gb2260';
