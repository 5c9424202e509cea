/**
 * Opening the admin settings in a test page, whatever state the service's PIN is in: none yet (first start:
 * choose it, twice), the PIN tests use, or — on a service from before 1.2 — the old default that must be
 * replaced first. Leaves the page on the settings form.
 */
import type { Page } from 'playwright-core';

export const TEST_PIN = '482913';
const OLD_DEFAULT_PIN = '123456';

/** `onPinForm` runs while a new-PIN form is shown (first PIN, or the old default replaced): screenshots, axe. */
export async function adminUnlock(page: Page, pin = TEST_PIN, onPinForm?: (kind: 'first' | 'change-default') => Promise<void>): Promise<void> {
  await page.getByRole('button', { name: 'Cài đặt' }).click();
  const first = page.getByRole('button', { name: 'Đặt mã PIN', exact: true });
  const pinField = page.getByLabel('Mã PIN', { exact: true });
  const form = page.getByLabel(/Tự xóa thông tin sau/);
  await first.or(pinField).first().waitFor();
  if (await first.isVisible()) {
    await onPinForm?.('first');
    await page.getByLabel('Mã PIN mới (6–12 chữ số)').fill(pin);
    await page.getByLabel('Nhập lại mã PIN mới').fill(pin);
    await first.click();
    await form.waitFor();
    return;
  }
  const mustChange = page.getByText('Máy đang dùng mã PIN quản trị mặc định', { exact: false });
  const wrong = page.getByRole('alert').filter({ hasText: 'Mã PIN không đúng.' });
  await pinField.fill(pin);
  await page.getByRole('button', { name: 'Mở khóa' }).click();
  await form.or(mustChange).or(wrong).first().waitFor();
  if (await wrong.isVisible()) {
    await pinField.fill(OLD_DEFAULT_PIN);
    await page.getByRole('button', { name: 'Mở khóa' }).click();
    await form.or(mustChange).first().waitFor();
  }
  if (await mustChange.isVisible()) {
    await onPinForm?.('change-default');
    await page.getByLabel('Mã PIN mới (6–12 chữ số)').fill(pin);
    await page.getByLabel('Nhập lại mã PIN mới').fill(pin);
    await page.getByRole('button', { name: 'Đổi mã PIN quản trị' }).click();
    await form.waitFor();
  }
}
