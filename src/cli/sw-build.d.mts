export declare const swPath: string;
export declare function shellBuild(sw?: string): { recorded: string; actual: string; files: string[] };
