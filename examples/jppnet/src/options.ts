import type { BackendRequest } from '@lip/runtime';
import { choiceOption } from '@lip/schema/node';

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

const BACKENDS = ['auto', 'tensorflow', 'wasm', 'cpu'] as const satisfies readonly BackendRequest[];

/** --backend, else LIP_BACKEND, else auto. */
export function backendOf(value: string | undefined): BackendRequest {
  return choiceOption(value ?? process.env['LIP_BACKEND'] ?? 'auto', 'backend', BACKENDS);
}
