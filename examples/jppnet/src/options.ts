import type { BackendRequest } from '@lip/runtime';
import type { ParseOptions } from '@lip/schema';
import { choiceOption, integerOption, listOption } from '@lip/schema/node';

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

/**
 * The parser's options from --size, --scales and --no-flip: the reference's test procedure by default, at the
 * model's own input side (its config's `inputSize`: 384 for JPPNet-s2) unless --size is given.
 */
export function parseOptionsOf(values: { size?: string; scales?: string; 'no-flip'?: boolean }): ParseOptions {
  const inputSize = integerOption(values.size, 'size', { min: 8 });
  return {
    ...(inputSize != null ? { inputSize } : {}),
    testTimeAugmentation: { scales: listOption(values.scales, 'scales', { positive: true, default: [1, 0.75, 1.25] }), mirror: !(values['no-flip'] ?? false) },
  };
}
