export * from './media-types';
export * from './volumes';
export * from './chinese-text';
export * from './legal-templates';
export * from './records';
export * from './document-words';
export * from './process-document-text';
