/**
 * Opening the admin settings in a test page, whatever state the service's PIN is in: none yet (first start:
 * choose it, twice) or set (unlock with it). Leaves the page on the settings form.
 */
import type { Page } from 'playwright-core';

/** `onPinForm` runs while the first-PIN form is shown (screenshots, axe). */
export async function adminUnlock(page: Page, pin: string, onPinForm?: (kind: 'first') => Promise<void>): Promise<void> {
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
  } else {
    await pinField.fill(pin);
    await page.getByRole('button', { name: 'Mở khóa' }).click();
  }
  await form.waitFor();
}
