// End to end: builds the app with vite, serves the build on 127.0.0.1 (vite preview, with the cross-origin isolation
// headers), and drives it in headless Chromium (Debian's /usr/bin/chromium; SwiftShader provides WebGL2 without a GPU).
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build, type PreviewServer, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Screenshots for a person to look at; git ignores the folder. */
const outputDir = fileURLToPath(new URL('../test-results/', import.meta.url));

let server: PreviewServer;
let browser: Browser;
let url: string;
let outDir: string;

beforeAll(async () => {
  // A build of its own: turbo may run `vite build` into dist/ at the same time as this test.
  outDir = await mkdtemp(join(tmpdir(), 'mnist-web-e2e-'));
  await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  server = await preview({
    root,
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0 },
  });
  url = server.resolvedUrls!.local[0]!;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--ignore-gpu-blocklist',
    ],
  });
  await mkdir(outputDir, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

/** Opens the app and waits until it has chosen a backend; collects page errors. */
async function openApp(): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 860 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
  });
  await page.goto(url);
  await page.waitForFunction(() => document.getElementById('status')?.textContent?.startsWith('Ready'));
  return { page, errors };
}

/** Trains with the form's values and returns the test accuracy shown, and the progress values seen per frame. */
async function train(page: Page, backend: string, limit: number, epochs: number) {
  if ((await page.inputValue('#backend')) !== backend) {
    await page.selectOption('#backend', backend);
    await page.waitForFunction(
      (b) => document.getElementById('status')?.textContent === `Backend ${b} ready.`,
      backend,
    );
  }
  await page.fill('#limit', String(limit));
  await page.fill('#epochs', String(epochs));
  // Sample the progress bar once per frame: if training blocked the page, no frame would show a value in between.
  await page.evaluate(() => {
    const seen: number[] = [];
    (window as unknown as { progressSeen: number[] }).progressSeen = seen;
    const progress = document.getElementById('progress') as HTMLProgressElement;
    const sample = () => {
      seen.push(progress.value);
      if (progress.value < 1) requestAnimationFrame(sample);
    };
    requestAnimationFrame(sample);
  });
  await page.click('#train');
  await page.waitForSelector('#test-accuracy:not([hidden])', { timeout: 50_000 });
  const accuracy = Number(await page.getAttribute('#test-accuracy', 'data-accuracy'));
  const msPerStep = Number(await page.getAttribute('#test-accuracy', 'data-ms-per-step'));
  const progressSeen = await page.evaluate(
    () => (window as unknown as { progressSeen: number[] }).progressSeen,
  );
  return { accuracy, msPerStep, progressSeen };
}

describe('mnist-web', () => {
  test('defaults to webgl; trains on cpu with 2,000 images, shows progress and accuracy, predicts digits', async () => {
    const { page, errors } = await openApp();
    // Chromium here has WebGL2 (SwiftShader), so useBackend(['webgl', 'wasm', 'cpu']) picks webgl.
    expect(await page.inputValue('#backend')).toBe('webgl');
    expect(await page.textContent('#backend-info')).toMatch(/^Using webgl \(webglVersion: 2/);

    const { accuracy, msPerStep, progressSeen } = await train(page, 'cpu', 2000, 1);
    console.log(`cpu: test accuracy ${accuracy}, ${msPerStep} ms/step`);
    // 63 Adam steps on 2,000 images: ~85% on the 10,000 test images (chance is 10%).
    expect(accuracy).toBeGreaterThan(0.75);
    expect(await page.textContent('#test-accuracy')).toMatch(
      /^Test accuracy: \d+\.\d\d% on 10,000 test images/,
    );
    expect(await page.locator('#epoch-table tbody tr').count()).toBe(1);
    expect(await page.textContent('#status')).toMatch(/^Trained 1 epoch on 2,000 images: 63 steps in/);
    // The page kept painting while it trained: frames showed the bar part-way.
    expect(new Set(progressSeen.filter((v) => v > 0 && v < 1)).size).toBeGreaterThanOrEqual(3);

    // A test digit: shown on the pad and predicted with its label.
    await page.click('#random-digit');
    await page.waitForFunction(() =>
      /label \d/.test(document.getElementById('prediction')?.textContent ?? ''),
    );
    expect(await page.textContent('#prediction')).toMatch(/^Prediction: \d \(\d+\.\d%\) · label \d [✓✗]$/);
    expect(await page.locator('#probabilities li').count()).toBe(10);

    // A drawn "1": one vertical stroke.
    await page.click('#clear');
    expect(await page.textContent('#prediction')).toBe('');
    const pad = (await page.locator('#pad').boundingBox())!;
    await page.mouse.move(pad.x + 140, pad.y + 50);
    await page.mouse.down();
    for (let y = 50; y <= 230; y += 10) await page.mouse.move(pad.x + 142, pad.y + y);
    await page.mouse.up();
    await page.waitForFunction(() => document.getElementById('prediction')?.dataset.digit !== undefined);
    expect(await page.textContent('#prediction')).toMatch(/^Prediction: 1 /);

    await page.screenshot({ path: `${outputDir}mnist-web-cpu.png`, fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  test.each(['webgl', 'wasm'])('trains on %s too', async (backend) => {
    const { page, errors } = await openApp();
    const { accuracy, msPerStep } = await train(page, backend, 2000, 1);
    console.log(
      `${backend}: test accuracy ${accuracy}, ${msPerStep} ms/step, ${await page.textContent('#backend-info')}`,
    );
    expect(accuracy).toBeGreaterThan(0.75);
    await page.click('#random-digit');
    await page.waitForFunction(() => document.getElementById('prediction')?.dataset.digit !== undefined);
    await page.screenshot({ path: `${outputDir}mnist-web-${backend}.png`, fullPage: true });
    if (backend === 'wasm') {
      // Stop: a long run ends after the current step, and the model trained so far is still tested.
      await page.fill('#limit', '60000');
      await page.click('#train');
      await page.waitForFunction(
        () => (document.getElementById('progress') as HTMLProgressElement).value > 0.02,
      );
      await page.click('#stop');
      await page.waitForSelector('#test-accuracy:not([hidden])');
      expect(await page.textContent('#status')).toMatch(/^Stopped in 1 epoch on 60,000 images: \d+ steps in/);
      expect(await page.isEnabled('#train')).toBe(true);
    }
    expect(errors).toEqual([]);
    await page.close();
  });
});
