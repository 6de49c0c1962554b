/**
 * Deep-copies a value for JSON output with every non-finite number (NaN, ±Infinity) replaced by `null`,
 * so NaN is never silently written as `null` by accident nor dropped: it is explicit.
 */
export function metricsToJSONValue(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>, (v) => metricsToJSONValue(v));
  if (Array.isArray(value)) return value.map((v) => metricsToJSONValue(v));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = metricsToJSONValue(v);
    return out;
  }
  return value;
}
