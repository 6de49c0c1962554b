import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '@lip/runtime';
import { PSPNET_H5, pspnetTinyConfig, temporaryFolder } from '../testing/fixtures.js';
import { runCli, USAGE } from './run-cli.js';

let tmp: Awaited<ReturnType<typeof temporaryFolder>>;

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

beforeAll(async () => {
  await useBackend('cpu');
  tmp = await temporaryFolder();
});

afterAll(async () => {
  await tmp.remove();
});

describe('lip-convert', () => {
  it('exits 2 with the message and the usage on usage errors', async () => {
    const cases: [string[], RegExp][] = [
      [[], /--from is required/],
      [['--from', PSPNET_H5], /--out is required/],
      [['--from', PSPNET_H5, '--out', 'x', '--dtype', 'int8'], /--dtype must be one of float32, float16, uint8, got "int8"/],
      [['--from', PSPNET_H5, '--out', 'x', '--model', 'deeplab'], /--model must be one of jppnet, ssnan, pspnet, got "deeplab"/],
      [['--from', PSPNET_H5, '--out', 'x', '--shard-size', '0'], /--shard-size must be an integer ≥ 1, got "0"/],
      [['--from', PSPNET_H5, '--out', 'x', '--test-image', 'a.png'], /--test-image is for --dtype float16 or uint8/],
      [['--from', PSPNET_H5, '--out', 'x', '--frobnicate'], /Unknown option '--frobnicate'/],
      [['--from', PSPNET_H5, '--out', 'x', 'extra'], /positional argument/],
    ];
    for (const [argv, message] of cases) {
      const { code, stdout, stderr } = await run(...argv);
      expect(code, argv.join(' ')).toBe(2);
      expect(stderr, argv.join(' ')).toMatch(message);
      expect(stderr).toContain('Usage:\n  lip-convert --from PATH --out DIR');
      expect(stdout).toBe('');
    }
    expect(await readdir(tmp.dir)).toEqual([]);
  });

  it('prints the usage for --help', async () => {
    expect(await run('--help')).toEqual({ code: 0, stdout: USAGE, stderr: '' });
  });

  it('exits 1 naming the file when the conversion fails', async () => {
    const { code, stderr } = await run('--from', join(tmp.dir, 'missing.h5'), '--out', join(tmp.dir, 'out'));
    expect(code).toBe(1);
    expect(stderr).toMatch(/^lip-convert: .*missing\.h5 not found: expected/);
    expect(stderr).not.toContain('Usage:');
  });

  it('converts to float16 and prints the folder size, shard count, label agreement and max logit difference (or JSON)', async () => {
    const config = join(tmp.dir, 'pspnet.json');
    await import('node:fs/promises').then((fs) => fs.writeFile(config, JSON.stringify({ pspnet: pspnetTinyConfig() })));
    const out = join(tmp.dir, 'web');
    const text = await run('--from', PSPNET_H5, '--out', out, '--config', config, '--dtype', 'float16', '--backend', 'cpu');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^web model: ${out} \\(pspnet, float16\\) from Keras file .*pspnet-41\\.h5\n`));
    expect(text.stdout).toMatch(/ {2}size: \d+ bytes \([\d.]+ MB\): model\.json \d+ bytes \+ 1 shard of \d+ bytes/);
    expect(text.stdout).toMatch(/float16 vs float32 on synthetic sample 0 of seed 1 \(41×41\) at 41×41: label agreement \d+\.\d{3} % of 1681 pixels, max \|logit difference\| /);
    expect(text.stderr).toMatch(/reading Keras file/);

    const json = await run('--from', PSPNET_H5, '--out', out, '--config', config, '--shard-size', '40000', '--json');
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as { shardCount: number; dtype: string; comparison: unknown; config: unknown };
    expect(report).toMatchObject({ dtype: 'float32', comparison: null, config: pspnetTinyConfig() });
    expect(report.shardCount).toBe(4);
  });
});
