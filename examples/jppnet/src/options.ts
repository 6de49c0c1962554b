import type { BackendRequest } from '@lip/runtime';

/** Options shared by every command. */
export const COMMON_OPTIONS = {
  backend: { type: 'string' },
  size: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Test-time options of the evaluation and detection commands. */
export const INFERENCE_OPTIONS = {
  model: { type: 'string' },
  checkpoint: { type: 'string' },
  config: { type: 'string' },
  scales: { type: 'string' },
  'no-flip': { type: 'boolean' },
} as const;

export class UsageError extends Error {}

export function backendOf(value: string | undefined): BackendRequest {
  const backend = value ?? process.env['LIP_BACKEND'] ?? 'auto';
  if (!['auto', 'tensorflow', 'wasm', 'cpu'].includes(backend)) throw new UsageError(`--backend must be auto, tensorflow, wasm or cpu, got "${backend}"`);
  return backend as BackendRequest;
}

export function intOf(value: string | undefined, name: string, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer ≥ ${min}, got "${value}"`);
  return n;
}

export function numberOf(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value.includes('/') ? Number(value.split('/')[0]) / Number(value.split('/')[1]) : value);
  if (!(Number.isFinite(n) && n > 0)) throw new UsageError(`--${name} must be a positive number (or a fraction like 1/32), got "${value}"`);
  return n;
}

export function listOf(value: string | undefined, name: string, fallback: readonly number[]): number[] {
  if (value === undefined) return [...fallback];
  const list = value.split(',').map((s) => Number(s.trim()));
  if (list.length === 0 || list.some((n) => !(Number.isFinite(n) && n > 0))) throw new UsageError(`--${name} must be a comma list of positive numbers, got "${value}"`);
  return list;
}
