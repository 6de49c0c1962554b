import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleChildScript, startChild } from '../io/test-support/child-script.js';
import { testBackends } from '../testing/test-backends.js';

let root: string;
let script: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lip-resume-'));
  script = await bundleChildScript(fileURLToPath(new URL('./test-support/train.child.ts', import.meta.url)));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(script, { force: true });
});

interface Result { startStep: number; weights: { name: string; values: number[] }[] }
const readResult = async (path: string): Promise<Result> => JSON.parse(await readFile(path, 'utf8')) as Result;

async function runToEnd(args: string[]): Promise<string[]> {
  const child = startChild(script, args);
  const { code, stderr } = await child.exited;
  if (code !== 0) throw new Error(`child failed (${code}):\n${stderr}`);
  return child.lines;
}

// Child processes are slow to start, so by default this runs on wasm (and tensorflow when built); the
// in-process resume tests of train.parity.test.ts cover cpu. LIP_TEST_BACKENDS selects explicitly.
const backends = process.env['LIP_TEST_BACKENDS'] ? testBackends() : testBackends().filter((b) => b !== 'cpu');

describe.each(backends)('train() resumed after a SIGKILL on %s', (backend) => {
  it('continues from the mid-epoch checkpoint to exactly the weights of an uninterrupted run', async () => {
    const dir = join(root, backend);
    const reference = join(root, `${backend}-reference.json`);
    const resumed = join(root, `${backend}-resumed.json`);
    // The uninterrupted run and the run to be killed go side by side.
    const referenceRun = runToEnd([backend, join(root, `${backend}-reference-ckpt`), reference]);
    const victim = startChild(script, [backend, dir, join(root, 'never.json'), 'pause']);
    await victim.waitForLine(/^checkpoint 6$/); // epoch 2, after its second batch
    victim.process.kill('SIGKILL');
    const killed = await victim.exited;
    expect(killed.signal).toBe('SIGKILL');
    expect(victim.lines).not.toContain('done');
    const referenceLines = await referenceRun;
    expect((await readdir(dir)).filter((n) => n.startsWith('step-')).length).toBeGreaterThan(0);

    const resumedLines = await runToEnd([backend, dir, resumed, 'resume']);
    const a = await readResult(reference);
    const b = await readResult(resumed);
    expect(b.startStep).toBe(6);
    // Every loss after the resume point is the uninterrupted run's, and so is every final weight, bit for bit.
    const losses = (lines: string[]) => lines.filter((l) => l.startsWith('step ')).map((l) => l.split(' '));
    const resumedSteps = losses(resumedLines);
    expect(resumedSteps[0]![1]).toBe(String(b.startStep));
    expect(resumedSteps).toEqual(losses(referenceLines).slice(b.startStep));
    expect(b.weights.map((w) => w.name)).toEqual(a.weights.map((w) => w.name));
    b.weights.forEach((w, i) => expect(w.values, w.name).toEqual(a.weights[i]!.values));
  });
});
