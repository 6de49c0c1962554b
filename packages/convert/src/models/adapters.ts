import type { WebModelKind } from '../web-model-kind.js';
import { jppnetAdapter } from './jppnet-adapter.js';
import { pspnetAdapter } from './pspnet-adapter.js';
import { ssnanAdapter } from './ssnan-adapter.js';
import type { WebModelAdapter } from './web-model-adapter.js';

export const ADAPTERS: Readonly<Record<WebModelKind, WebModelAdapter>> = Object.freeze({ jppnet: jppnetAdapter, ssnan: ssnanAdapter, pspnet: pspnetAdapter });
