export function listSources(root: string, folders: string[]): string[];
export function importsOf(root: string, file: string): string[];
export function resolveImport(root: string, from: string, spec: string): string | undefined;
export function importGraph(root: string, folders: string[]): Map<string, string[]>;
export function findCycles(graph: Map<string, string[]>): string[][];
