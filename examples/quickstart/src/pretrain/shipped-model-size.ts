/** The most a model folder the repository ships may take: 10 MB (git and a fresh clone carry it). */
export const SHIPPED_MODEL_MAX_BYTES = 10_000_000;

/** A pretrained model folder over the budget is an error naming its size and what to change. */
export function checkShippedModelSize(modelDir: string, bytes: number, dtype: string, maxBytes = SHIPPED_MODEL_MAX_BYTES): void {
  if (bytes <= maxBytes) return;
  throw new Error(
    `${modelDir} takes ${(bytes / 1e6).toFixed(2)} MB as ${dtype}, over the ${(maxBytes / 1e6).toFixed(0)} MB a shipped model may take: ` +
      `store it as uint8 (the config's webModelDtype) or pretrain a smaller network`,
  );
}
