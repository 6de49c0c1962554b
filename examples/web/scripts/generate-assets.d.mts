export declare const SHIPPED_MODELS: readonly string[];
export declare const SAMPLE_SEED: number;
export declare const SAMPLE_SIZE: number;
export declare const SAMPLE_VAL_INDICES: readonly number[];
export declare function generateAssets(options?: { log?: (line: string) => void }): Promise<void>;
