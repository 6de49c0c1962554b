export declare const RANDOM_JPPNET_CONFIG: Readonly<Record<string, unknown>>;
export declare const SAMPLE_SEED: number;
export declare const SAMPLE_INDICES: readonly number[];
export declare const SAMPLE_SIZE: number;
export declare function generateAssets(options?: { log?: (line: string) => void }): Promise<void>;
