// How this repository drives Chromium (the web test, bench/web, the release round trip): Debian's chromium through
// playwright-core, whose own browser download does not work here; LIP_CHROMIUM points elsewhere.
export const CHROMIUM = process.env.LIP_CHROMIUM ?? '/usr/bin/chromium';
/** Headless, and nothing that reaches beyond 127.0.0.1. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'];
/** WebGL without a GPU: SwiftShader. */
export const WEBGL_ARGS = ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'];
