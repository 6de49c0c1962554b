// One browser cell of bench/web: its own page (own browser context) of the built examples/web, kept for the whole
// run, driven only through the page's test hook `window.lipDemo` (test/web-page.test.ts): `loadModel(url, kind)`
// on the cell's backend, then `parse(imageUrl, backend, options)`, whose `parseMs` is the page's own timing of
// `parser.parse` (pixels in, labels and keypoints out; not the fetch and decode of the image, not the drawing).

/**
 * Opens the page, makes `backend` current (a 64-px parse of the page's default model: the page loads a model on
 * whatever backend is current), loads the cell's model there. Resolves to {parse(), info, close()}.
 */
export async function openBrowserCell(browser, baseUrl, { backend, kind, modelUrl, imageUrl, options }) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  const failed = (what, error) => new Error(`${what} (${backend}, ${modelUrl}): ${error}${errors.length ? `\n  page errors: ${errors.join('\n  ')}` : ''}`);
  await page.goto(`${baseUrl}/`);
  await page.waitForFunction(() => window.lipDemo?.ready != null);
  await page.evaluate(() => window.lipDemo.ready);
  await page.evaluate(([b]) => window.lipDemo.parse('samples/synthetic-val-0.png', b, { inputSize: 64 }).then(() => undefined), [backend]);
  const loaded = await page.evaluate(([url, k]) => window.lipDemo.loadModel(url, k), [modelUrl, kind]);
  if (!loaded.ok) throw failed('loadModel failed', loaded.error);
  const info = await page.evaluate(() => ({
    crossOriginIsolated: globalThis.crossOriginIsolated,
    hardwareConcurrency: navigator.hardwareConcurrency,
    userAgent: navigator.userAgent,
    backends: window.lipDemo.backends(),
  }));
  // Only the numbers cross back (not the label map), so that the round trip stays small.
  const parse = async () => {
    try {
      return await page.evaluate(
        ([url, b, o]) => window.lipDemo.parse(url, b, o).then((r) => ({ parseMs: r.parseMs, loadMs: r.loadMs, backend: r.backend, kind: r.kind, width: r.width, height: r.height, numTensors: r.numTensors })),
        [imageUrl, backend, options],
      );
    } catch (error) {
      throw failed('parse failed', error.message);
    }
  };
  return { parse, info, errors, close: () => context.close() };
}
