/**
 * Helpers of the bank UI tests: the fake camera's video file (the virtual card's person A or B, made with the
 * devkit's synthetic video and written as the .y4m Chromium's fake capture device plays in a loop), a
 * Chromium launched with or without that camera, and the steps of a counter visit.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { faceVideo } from '../../electron/devkit/face-video.js';
import { writeY4m } from '../../electron/face/y4m.js';
import { CHROMIUM, CHROMIUM_ARGS } from './harness.js';

/** Writes the fake camera's file for `person` / `script` into `dir`; returns its path. */
export function fakeCameraFile(dir: string, person: 'A' | 'B', script: 'challenge' | 'still'): string {
  const fps = 10;
  const file = join(dir, `camera-${person}-${script}.y4m`);
  writeFileSync(file, writeY4m(faceVideo(person, script, { fps }), fps));
  return file;
}

/**
 * Chromium with the fake camera playing `y4m` (permission granted by the fake UI), or with no camera device
 * at all (`y4m: null`: no fake-device flags, so the page finds no camera).
 */
export function launchWithCamera(y4m: string | null): Promise<Browser> {
  const camera = y4m ? ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${y4m}`] : [];
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...camera] });
}

export const DEMO_ID = '001099012345';

/** Taps the demo's virtual card, types its ID, waits for the bank screen. */
export async function readCard(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Đặt thẻ mẫu' }).click();
  await page.locator('[data-screen="keyEntry"]').waitFor();
  await page.keyboard.type(DEMO_ID);
  await page.getByRole('button', { name: 'Đọc thẻ' }).click();
  await page.locator('[data-screen="result"] .bk').waitFor({ timeout: 60_000 });
}

/** The check on screen reaches `status` (data-check-status). */
export async function checkStatus(page: Page, status: string, timeout = 180_000): Promise<void> {
  await page.locator(`.bk[data-check-status="${status}"]`).waitFor({ timeout });
}
