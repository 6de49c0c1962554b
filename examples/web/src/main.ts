// The page: a model and a backend chosen, an image (sample, file, drop or webcam) parsed, the coloured mask drawn
// over it (drawMask), the skeleton (drawKeypoints, when the model has pose), the classes present and the timings.
// `window.lipDemo` is the browser test's hook (test/web-page.test.ts).
import './style.css';
import * as tf from '@tensorflow/tfjs-core';
import { drawKeypoints, drawMask } from '@lip/image';
import { LIP_CLASS_NAMES, LIP_PALETTE, type HumanParsingResult, type Keypoint } from '@lip/schema';
import { DEMO_BACKENDS, probeBackends, selectBackend, type BackendStatus, type DemoBackend } from './backends.js';
import { DEMO_MODELS, SAMPLE_IMAGES, type ModelKind } from './models.js';
import { loadParser, type DemoParser } from './parsers.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const ui = {
  modelSelect: $<HTMLSelectElement>('model-select'),
  modelNote: $<HTMLParagraphElement>('model-note'),
  modelUrl: $<HTMLInputElement>('model-url'),
  modelLoad: $<HTMLButtonElement>('model-load'),
  progress: $<HTMLProgressElement>('model-progress'),
  backends: $<HTMLDivElement>('backend-list'),
  sampleSelect: $<HTMLSelectElement>('sample-select'),
  fileInput: $<HTMLInputElement>('file-input'),
  webcam: $<HTMLButtonElement>('webcam'),
  dropZone: $<HTMLDivElement>('drop-zone'),
  error: $<HTMLParagraphElement>('error'),
  canvas: $<HTMLCanvasElement>('result-canvas'),
  timings: $<HTMLElement>('timings'),
  legend: $<HTMLUListElement>('legend'),
  poseSummary: $<HTMLParagraphElement>('pose-summary'),
  video: $<HTMLVideoElement>('webcam-video'),
};

interface LoadedModel {
  url: string;
  backend: DemoBackend;
  parser: DemoParser;
  kind: ModelKind;
  loadMs: number;
}

const state: { model: LoadedModel | null; modelUrl: string; fallbackKind: ModelKind; backend: DemoBackend | null; backendStatus: Partial<Record<DemoBackend, BackendStatus>>; image: ImageBitmap | null } = {
  model: null,
  modelUrl: DEMO_MODELS[0]!.url,
  fallbackKind: DEMO_MODELS[0]!.kind,
  backend: null,
  backendStatus: {},
  image: null,
};

function showError(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  ui.error.textContent = message;
  ui.error.hidden = false;
}

function clearError(): void {
  ui.error.hidden = true;
  ui.error.textContent = '';
}

/** One thing at a time: loads and parses queue behind each other (the webcam loop too). */
let queue: Promise<unknown> = Promise.resolve();
function serial<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
}

/** Makes `backend` current; a model loaded on another backend is reloaded (its weights live on the backend). */
async function useDemoBackend(backend: DemoBackend): Promise<void> {
  const status = await selectBackend(backend);
  state.backendStatus[backend] = status;
  if (!status.ok) throw new Error(`The ${backend} backend did not initialise: ${status.error}`);
  state.backend = backend;
  const radio = ui.backends.querySelector<HTMLInputElement>(`input[value="${backend}"]`);
  if (radio) radio.checked = true;
}

async function ensureModel(): Promise<LoadedModel> {
  const backend = state.backend!;
  if (state.model && state.model.url === state.modelUrl && state.model.backend === backend) return state.model;
  state.model?.parser.dispose();
  state.model = null;
  ui.progress.value = 0;
  const start = performance.now();
  const { parser, kind } = await loadParser(state.modelUrl, state.fallbackKind, (f) => (ui.progress.value = f));
  state.model = { url: state.modelUrl, backend, parser, kind, loadMs: performance.now() - start };
  ui.timings.textContent = `model loaded in ${state.model.loadMs.toFixed(0)} ms on ${backend}`;
  return state.model;
}

function renderLegend(result: HumanParsingResult): void {
  const counts = new Array<number>(LIP_CLASS_NAMES.length).fill(0);
  const labels = result.segmentation.labels.data;
  for (let i = 0; i < labels.length; i++) counts[labels[i]!]!++;
  ui.legend.replaceChildren(
    ...counts.flatMap((count, id) => {
      if (count === 0) return [];
      const li = document.createElement('li');
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = `rgb(${LIP_PALETTE[id]!.join(',')})`;
      li.append(swatch, `${id} ${LIP_CLASS_NAMES[id]} — ${((100 * count) / labels.length).toFixed(1)} %`);
      return [li];
    }),
  );
}

function render(image: CanvasImageSource & { width: number; height: number }, result: HumanParsingResult, loaded: LoadedModel, parseMs: number): void {
  drawMask(ui.canvas, image, result.segmentation, { opacity: 0.6 });
  if (result.pose) {
    drawKeypoints(ui.canvas, result.pose);
    ui.poseSummary.textContent = `pose score ${result.pose.score.toFixed(3)}; ${result.pose.keypoints.map((k) => `${k.name} (${k.x}, ${k.y})`).join(', ')}`;
  } else {
    ui.poseSummary.textContent = 'this model has no pose branch';
  }
  renderLegend(result);
  ui.timings.textContent = `${loaded.kind} on ${loaded.backend}: load ${loaded.loadMs.toFixed(0)} ms, parse ${parseMs.toFixed(0)} ms (${result.width}×${result.height})`;
}

export interface DemoParseResult {
  backend: DemoBackend;
  kind: ModelKind;
  width: number;
  height: number;
  labels: number[];
  keypoints: Keypoint[];
  loadMs: number;
  parseMs: number;
  numTensors: number;
}

async function parseImage(image: ImageBitmap | HTMLVideoElement, options: { inputSize?: number } = {}): Promise<DemoParseResult> {
  const loaded = await ensureModel();
  const start = performance.now();
  const result = await loaded.parser.parse(image, options.inputSize != null ? { inputSize: options.inputSize } : undefined);
  const parseMs = performance.now() - start;
  const drawable = image instanceof HTMLVideoElement ? Object.assign(image, { width: image.videoWidth, height: image.videoHeight }) : image;
  render(drawable, result, loaded, parseMs);
  return {
    backend: loaded.backend,
    kind: loaded.kind,
    width: result.width,
    height: result.height,
    labels: Array.from(result.segmentation.labels.data),
    keypoints: (result.pose?.keypoints ?? []).map((k) => ({ ...k })),
    loadMs: loaded.loadMs,
    parseMs,
    numTensors: tf.memory().numTensors,
  };
}

/** Decodes an image as it is: no colour-space conversion, no premultiplied alpha (Node's decoders do neither). */
async function decodeImage(blob: Blob): Promise<ImageBitmap> {
  return createImageBitmap(blob, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
}

async function fetchImage(url: string): Promise<ImageBitmap> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${response.statusText}`);
  return decodeImage(await response.blob());
}

function stopWebcam(): void {
  const stream = ui.video.srcObject as MediaStream | null;
  stream?.getTracks().forEach((t) => t.stop());
  ui.video.srcObject = null;
  ui.webcam.textContent = 'Webcam';
}

/** Runs `task` in the queue and shows its error in the page instead of throwing. */
function guarded(task: () => Promise<unknown>): Promise<void> {
  return serial(async () => {
    clearError();
    try {
      await task();
    } catch (error) {
      showError(error);
    }
  });
}

const parseCurrent = () => guarded(async () => state.image && parseImage(state.image));

function setImage(load: () => Promise<ImageBitmap>): Promise<void> {
  stopWebcam();
  return guarded(async () => {
    state.image?.close();
    state.image = await load();
    await parseImage(state.image);
  });
}

async function webcamLoop(): Promise<void> {
  while (ui.video.srcObject) {
    if (ui.video.readyState >= 2) {
      let failed = false;
      await guarded(async () => {
        try {
          await parseImage(ui.video);
        } catch (error) {
          failed = true;
          throw error;
        }
      });
      if (failed) return stopWebcam();
    }
    await new Promise((r) => requestAnimationFrame(r));
  }
}

function buildControls(): void {
  for (const model of DEMO_MODELS) ui.modelSelect.add(new Option(model.label, model.id));
  ui.modelNote.textContent = DEMO_MODELS[0]!.note ?? '';
  ui.modelSelect.addEventListener('change', () => {
    const model = DEMO_MODELS.find((m) => m.id === ui.modelSelect.value)!;
    ui.modelNote.textContent = model.note ?? '';
    void loadModel(model.url, model.kind).then(parseCurrent);
  });
  ui.modelLoad.addEventListener('click', () => {
    const url = ui.modelUrl.value.trim();
    if (url) void loadModel(url, 'jppnet').then(parseCurrent);
  });
  for (const sample of SAMPLE_IMAGES) ui.sampleSelect.add(new Option(sample.label, sample.url));
  ui.sampleSelect.addEventListener('change', () => void setImage(() => fetchImage(ui.sampleSelect.value)));
  ui.fileInput.addEventListener('change', () => {
    const file = ui.fileInput.files?.[0];
    if (file) void setImage(() => decodeImage(file));
  });
  ui.dropZone.addEventListener('dragover', (e) => {
    e.preventDefault();
    ui.dropZone.classList.add('over');
  });
  ui.dropZone.addEventListener('dragleave', () => ui.dropZone.classList.remove('over'));
  ui.dropZone.addEventListener('drop', (e) => {
    e.preventDefault();
    ui.dropZone.classList.remove('over');
    const file = e.dataTransfer?.files[0];
    if (file) void setImage(() => decodeImage(file));
  });
  ui.webcam.addEventListener('click', async () => {
    if (ui.video.srcObject) return stopWebcam();
    try {
      ui.video.srcObject = await navigator.mediaDevices.getUserMedia({ video: true, audio: false });
      await ui.video.play();
      ui.webcam.textContent = 'Stop webcam';
      void webcamLoop();
    } catch (error) {
      showError(new Error(`Webcam: ${(error as Error).message}`));
    }
  });
}

function renderBackends(): void {
  ui.backends.replaceChildren(
    ...DEMO_BACKENDS.map((name) => {
      const status = state.backendStatus[name];
      const label = document.createElement('label');
      label.className = `backend${status && !status.ok ? ' failed' : ''}`;
      const radio = Object.assign(document.createElement('input'), { type: 'radio', name: 'backend', value: name, checked: state.backend === name, disabled: !status?.ok });
      radio.addEventListener('change', () => void guarded(() => useDemoBackend(name)).then(parseCurrent));
      const info = document.createElement('span');
      info.className = 'status';
      info.textContent = status == null ? 'not tried' : status.ok ? `initialised${status.detail ? ` (${status.detail})` : ''}` : `unavailable: ${status.error}`;
      label.append(radio, ` ${name}`, info);
      return label;
    }),
  );
}

/** Loads a model (on the current backend); errors are shown in the page and returned. */
function loadModel(url: string, kind: ModelKind): Promise<{ ok: true; kind: ModelKind } | { ok: false; error: string }> {
  state.modelUrl = url;
  state.fallbackKind = kind;
  return serial(async () => {
    clearError();
    try {
      const loaded = await ensureModel();
      return { ok: true as const, kind: loaded.kind };
    } catch (error) {
      showError(error);
      return { ok: false as const, error: (error as Error).message };
    }
  });
}

/** The browser test's hook: no pixel scraping, the parser's own outputs. */
const lipDemo = {
  ready: null as unknown as Promise<void>,
  backends: () => ({ ...state.backendStatus }),
  /** Parses the image at `imageUrl` with the current model on `backend`. Errors reject (and show in the page). */
  parse: (imageUrl: string, backend: DemoBackend, options: { inputSize?: number } = {}): Promise<DemoParseResult> =>
    serial(async () => {
      clearError();
      try {
        await useDemoBackend(backend);
        renderBackends();
        const image = await fetchImage(imageUrl);
        try {
          return await parseImage(image, options);
        } finally {
          image.close();
        }
      } catch (error) {
        showError(error);
        throw error;
      }
    }),
  loadModel,
  errorText: () => (ui.error.hidden ? '' : ui.error.textContent ?? ''),
  numTensors: () => tf.memory().numTensors,
};
declare global {
  interface Window {
    lipDemo: typeof lipDemo;
  }
}
window.lipDemo = lipDemo;

lipDemo.ready = (async () => {
  buildControls();
  renderBackends();
  state.backendStatus = await probeBackends();
  const first = (['webgl', 'wasm', 'cpu', 'webgpu'] as const).find((name) => state.backendStatus[name]?.ok);
  if (first == null) {
    renderBackends();
    return showError(new Error('No TensorFlow.js backend initialised in this browser.'));
  }
  await useDemoBackend(first);
  renderBackends();
  await setImage(() => fetchImage(SAMPLE_IMAGES[0]!.url));
})();
