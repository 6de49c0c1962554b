import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { findTfjsNode, tfjsNodeAddonPath } from './native-status.js';

/** The TensorFlow wheel fetched when neither a wheel nor a TensorFlow installation is given. */
export const DEFAULT_TENSORFLOW_WHEEL = 'tensorflow_cpu==2.21.0';
const TFJS_NODE = '@tensorflow/tfjs-node@4.22.0';
const LIBRARIES = ['libtensorflow_cc.so.2', 'libtensorflow_framework.so.2'] as const;
// Only the headers tfjs-node's binding includes (see its binding/*.cc).
const HEADER_DIRS = ['tensorflow/c', 'tensorflow/core/platform', 'tsl/platform', 'xla/tsl/c'];

export interface SetupNativeOptions {
  /** A TensorFlow pip wheel (.whl) to take libtensorflow from. */
  wheel?: string;
  /** A TensorFlow installation: the `tensorflow` package folder holding libtensorflow_cc.so.2 and include/. */
  tensorflowDir?: string;
  /** The project whose node_modules gets the addon. Default: the working directory. */
  projectDir?: string;
  /** Where wheels are downloaded and unpacked (must be kept: the addon links into it). */
  cacheDir?: string;
  /** Python used for pip and for reading wheels. Default: python3. */
  python?: string;
  /** Rebuild even when an addon already exists. */
  force?: boolean;
  log?: (message: string) => void;
}

export interface SetupNativeResult {
  tfjsNodeDir: string;
  libraryDir: string;
  addon: string;
  /** The TensorFlow version the built backend reports. */
  tensorflowVersion: string;
  alreadyBuilt: boolean;
}

export class SetupNativeError extends Error {}

/**
 * Builds @tensorflow/tfjs-node from source against the libtensorflow inside a TensorFlow pip
 * wheel or installation, so the native backend works without its install-time download.
 * Idempotent: an addon that already loads is left alone unless `force`.
 */
export function setupNative(options: SetupNativeOptions = {}): SetupNativeResult {
  const log = options.log ?? ((m: string) => console.log(m));
  const projectDir = resolve(options.projectDir ?? process.cwd());
  const python = options.python ?? 'python3';
  const cacheDir = resolve(options.cacheDir ?? process.env['LIP_RUNTIME_CACHE'] ?? join(homedir(), '.cache', 'lip-runtime'));

  log(`1/5 tfjs-node: looking for ${TFJS_NODE} from ${projectDir}`);
  let tfjsNodeDir = findTfjsNode(projectDir);
  if (tfjsNodeDir == null) {
    log(`    not installed; npm install ${TFJS_NODE} --ignore-scripts (its own install script would download libtensorflow)`);
    run('npm', ['install', TFJS_NODE, '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: projectDir }, 'installing tfjs-node');
    tfjsNodeDir = findTfjsNode(projectDir);
    if (tfjsNodeDir == null) throw new SetupNativeError(`npm installed ${TFJS_NODE} but it does not resolve from ${projectDir}`);
  }
  log(`    ${tfjsNodeDir}`);

  const addon = tfjsNodeAddonPath(tfjsNodeDir);
  if (existsSync(addon) && !options.force) {
    const version = probeNativeBackend(projectDir);
    if (version != null) {
      log(`    already built (${addon}), TensorFlow ${version}; nothing to do (use --force to rebuild)`);
      return { tfjsNodeDir, libraryDir: join(tfjsNodeDir, 'deps', 'lib'), addon, tensorflowVersion: version, alreadyBuilt: true };
    }
    log('    an addon exists but does not load; rebuilding');
  }

  log('2/5 libtensorflow: finding a TensorFlow wheel or installation');
  const tensorflowDir = locateTensorflow(options, python, cacheDir, log);

  log(`3/5 deps: linking ${tensorflowDir} into ${join(tfjsNodeDir, 'deps')}`);
  populateDeps(tfjsNodeDir, tensorflowDir);

  log('4/5 build: compiling the tfjs-node addon with node-gyp');
  buildAddon(tfjsNodeDir, log);

  log('5/5 check: loading the tensorflow backend in a fresh process');
  const version = probeNativeBackend(projectDir);
  if (version == null) throw new SetupNativeError(`the addon was built at ${addon} but @tensorflow/tfjs-node still does not load; run: node -e "require('@tensorflow/tfjs-node')" in ${projectDir} to see why`);
  log(`    tensorflow backend ready: TensorFlow ${version}`);
  return { tfjsNodeDir, libraryDir: join(tfjsNodeDir, 'deps', 'lib'), addon, tensorflowVersion: version, alreadyBuilt: false };
}

/** The folder holding libtensorflow_cc.so.2 and include/: given, installed, or unpacked from a wheel. */
function locateTensorflow(options: SetupNativeOptions, python: string, cacheDir: string, log: (m: string) => void): string {
  if (options.tensorflowDir) {
    const dir = resolve(options.tensorflowDir);
    assertTensorflowDir(dir, `--tensorflow-dir ${dir}`);
    log(`    using the TensorFlow installation ${dir}`);
    return dir;
  }
  if (options.wheel) {
    const wheel = resolve(options.wheel);
    if (!existsSync(wheel)) throw new SetupNativeError(`--wheel ${wheel}: no such file`);
    return unpackWheel(wheel, python, cacheDir, log);
  }
  const installed = findInstalledTensorflow(python);
  if (installed != null) {
    log(`    using the TensorFlow installed for ${python}: ${installed}`);
    return installed;
  }
  const wheelDir = join(cacheDir, 'wheels');
  mkdirSync(wheelDir, { recursive: true });
  let wheel = findWheel(wheelDir);
  if (wheel == null) {
    log(`    no TensorFlow given or installed; ${python} -m pip download --no-deps ${DEFAULT_TENSORFLOW_WHEEL} -d ${wheelDir}`);
    run(python, ['-m', 'pip', 'download', '--no-deps', '--retries', '1', DEFAULT_TENSORFLOW_WHEEL, '-d', wheelDir], {}, `downloading ${DEFAULT_TENSORFLOW_WHEEL} with pip (give --wheel FILE or --tensorflow-dir DIR instead)`);
    wheel = findWheel(wheelDir);
    if (wheel == null) throw new SetupNativeError(`pip reported success but no tensorflow wheel is in ${wheelDir}`);
  } else {
    log(`    cached wheel ${wheel}`);
  }
  return unpackWheel(wheel, python, cacheDir, log);
}

function findWheel(dir: string): string | null {
  const name = readdirSync(dir).find((f) => /^tensorflow(_cpu|_gpu)?-[\d.]+-.*\.whl$/.test(f));
  return name == null ? null : join(dir, name);
}

function findInstalledTensorflow(python: string): string | null {
  // find_spec locates the package without importing TensorFlow (which takes seconds).
  const probe = spawnSync(python, ['-c', "import importlib.util as u; s = u.find_spec('tensorflow'); print(s.submodule_search_locations[0] if s else '')"], { encoding: 'utf8' });
  const dir = probe.status === 0 ? probe.stdout.trim() : '';
  return dir && existsSync(join(dir, LIBRARIES[0])) ? dir : null;
}

/** Extracts only the two shared libraries and the C API headers (~0.8 GB) into the cache. */
function unpackWheel(wheel: string, python: string, cacheDir: string, log: (m: string) => void): string {
  const target = join(cacheDir, 'unpacked', wheel.split('/').pop()!.replace(/\.whl$/, ''));
  const dir = join(target, 'tensorflow');
  if (isTensorflowDir(dir)) {
    log(`    already unpacked: ${dir}`);
    return dir;
  }
  log(`    unpacking the libraries and C headers of ${wheel} into ${target}`);
  const prefixes = [...LIBRARIES.map((l) => `tensorflow/${l}`), ...HEADER_DIRS.map((h) => `tensorflow/include/${h}/`)];
  const script = [
    'import sys, zipfile',
    'wheel, target, prefixes = sys.argv[1], sys.argv[2], sys.argv[3:]',
    'with zipfile.ZipFile(wheel) as z:',
    '    members = [n for n in z.namelist() if any(n == p or (p.endswith("/") and n.startswith(p)) for p in prefixes)]',
    '    z.extractall(target, members)',
    'print(len(members))',
  ].join('\n');
  rmSync(target, { recursive: true, force: true });
  run(python, ['-c', script, wheel, target, ...prefixes], {}, `unpacking ${wheel}`);
  assertTensorflowDir(dir, `the wheel ${wheel}`);
  return dir;
}

function isTensorflowDir(dir: string): boolean {
  return LIBRARIES.every((l) => existsSync(join(dir, l))) && existsSync(join(dir, 'include', 'tensorflow', 'c', 'c_api.h'));
}

function assertTensorflowDir(dir: string, what: string): void {
  if (!isTensorflowDir(dir)) {
    throw new SetupNativeError(`${what} does not contain ${LIBRARIES.join(' and ')} and include/tensorflow/c/c_api.h (expected a TensorFlow 2.x package folder)`);
  }
}

/** tfjs-node's binding.gyp compiles against deps/include and links deps/lib (RUNPATH $ORIGIN/../../deps/lib). */
function populateDeps(tfjsNodeDir: string, tensorflowDir: string): void {
  const deps = join(tfjsNodeDir, 'deps');
  rmSync(deps, { recursive: true, force: true });
  mkdirSync(join(deps, 'lib'), { recursive: true });
  cpSync(join(tensorflowDir, 'include'), join(deps, 'include'), { recursive: true });
  const lib = (name: string) => join(deps, 'lib', name);
  for (const l of LIBRARIES) symlinkSync(join(tensorflowDir, l), lib(l));
  symlinkSync(LIBRARIES[0], lib('libtensorflow.so'));
  symlinkSync(LIBRARIES[1], lib('libtensorflow_framework.so'));
  // tfjs-node's scripts look for libtensorflow.so.<its pinned version> to decide "already downloaded".
  symlinkSync(LIBRARIES[0], lib(`libtensorflow.so.${pinnedLibtensorflowVersion(tfjsNodeDir)}`));
}

function pinnedLibtensorflowVersion(tfjsNodeDir: string): string {
  const constants = readFileSync(join(tfjsNodeDir, 'scripts', 'deps-constants.js'), 'utf8');
  return /LIBTENSORFLOW_VERSION\s*=\s*'([\d.]+)'/.exec(constants)?.[1] ?? '2.9.1';
}

function buildAddon(tfjsNodeDir: string, log: (m: string) => void): void {
  for (const [tool, args] of [['g++', ['--version']], ['make', ['--version']]] as const) {
    if (spawnSync(tool, [...args]).status !== 0) {
      throw new SetupNativeError(`${tool} is required to compile the tfjs-node addon (Debian: apt-get install g++ make)`);
    }
  }
  const requireFromTfjsNode = createRequire(join(tfjsNodeDir, 'package.json'));
  const nodePreGyp = requireFromTfjsNode.resolve('@mapbox/node-pre-gyp/bin/node-pre-gyp');
  const env: NodeJS.ProcessEnv = { ...process.env };
  // node-gyp needs Node's headers; without a nodedir it would download them.
  const nodePrefix = dirname(dirname(process.execPath));
  if (!env['npm_config_nodedir'] && existsSync(join(nodePrefix, 'include', 'node', 'node_api.h'))) env['npm_config_nodedir'] = nodePrefix;
  if (!env['npm_config_node_gyp']) {
    const bundled = join(nodePrefix, 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
    if (existsSync(bundled)) env['npm_config_node_gyp'] = bundled;
  }
  log(`    node-pre-gyp install --build-from-source (nodedir ${env['npm_config_nodedir'] ?? 'unset'})`);
  run(process.execPath, [nodePreGyp, 'install', '--build-from-source'], { cwd: tfjsNodeDir, env }, 'compiling the tfjs-node addon');
}

/** Loads tfjs-node in a child process; returns TensorFlow's version, or null if it does not load. */
function probeNativeBackend(projectDir: string): string | null {
  const script = "const tf = require('@tensorflow/tfjs-node'); process.stdout.write(String(tf.backend().binding.TF_Version))";
  const probe = spawnSync(process.execPath, ['-e', script], { cwd: projectDir, encoding: 'utf8' });
  return probe.status === 0 && probe.stdout ? probe.stdout.trim() : null;
}

function run(command: string, args: string[], options: SpawnSyncOptions, what: string): void {
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
  if (result.error) {
    const missing = (result.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new SetupNativeError(`${what}: ${missing ? `'${command}' was not found on PATH` : result.error.message}`);
  }
  if (result.status !== 0) throw new SetupNativeError(`${what} failed: ${command} ${args.slice(0, 4).join(' ')}… exited with ${result.status}`);
}
