export declare const ISOLATION_HEADERS: Readonly<Record<string, string>>;
export declare function serveStatic(root: string, options?: { port?: number; onRequest?: (path: string, status: number) => void }): Promise<{ url: string; close(): Promise<void> }>;
