// Types of bundle.mjs (plain JavaScript so `npm start` runs it without a build), for the TypeScript that imports it.
export declare const BUNDLE: string;
export declare function newestMtime(dir: string): number;
export declare function sourcesTime(): number;
export declare function workerBundleFor(file: string): string;
export declare function bundleIsFresh(file?: string): boolean;
