// Values the global setup hands to every test file (vitest `provide`/`inject`).
declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    templateDb: string;
    dbKind: 'embedded' | 'external';
  }
}
export {};
