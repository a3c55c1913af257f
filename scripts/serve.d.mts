export function serve(dir?: string, port?: number, base?: string): Promise<{ url: string; close: () => Promise<void> }>;
export function cacheControl(urlPath: string, file: string): string;
export function pickEncoding(acceptEncoding?: string): 'br' | 'gzip' | null;
export function resolvePath(root: string, urlPath: string): Promise<{ file: string } | { redirect: string } | null>;
