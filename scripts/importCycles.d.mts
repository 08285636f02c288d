// Types of importCycles.mjs for the tests that run it.
export declare const checkedTrees: string[];
export declare function importGraph(rootDir: string, trees?: string[]): Map<string, Set<string>>;
export declare function fileCircles(graph: Map<string, Set<string>>): string[][];
export declare function folderCircles(graph: Map<string, Set<string>>): { folders: string[]; imports: string[] }[];
