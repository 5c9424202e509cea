/**
 * Files the service hands the page (a ticket or receipt PDF, a signed receipt, a dashboard export): base64 to
 * bytes, and a Blob saved through a download link clicked once (the page's CSP allows blob: downloads).
 */

/** Base64 → its bytes. */
export function bytesFromBase64(base64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(base64);
  const out = new Uint8Array(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Saves `blob` as `fileName`; the link is removed at once and its URL revoked once the download has its copy. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
