/**
 * ICAO PKD LDIF downloads (RFC 2849 syntax): entries separated by blank lines, folded lines continue with a
 * single leading space, `attr:: base64` for binary values. We collect userCertificate;binary (CSCA/DS),
 * CscaMasterListData (a CMS master list) and certificateRevocationList;binary values.
 */
import { ParseError } from '../emrtd/errors.js';
import { base64Decode } from './b64.js';

export interface LdifContent {
  certificates: { dn: string; der: Uint8Array }[];
  masterLists: { dn: string; der: Uint8Array }[];
  crls: { dn: string; der: Uint8Array }[];
  entries: number;
}

const MAX_LDIF_CHARS = 512 * 1024 * 1024;

export function parseLdif(text: string): LdifContent {
  if (text.length > MAX_LDIF_CHARS) throw new ParseError('LDIF', 'file too large');
  const out: LdifContent = { certificates: [], masterLists: [], crls: [], entries: 0 };
  const lines = text.split(/\r?\n/);
  let entry: { attr: string; value: string; b64: boolean }[] = [];
  const flush = (): void => {
    if (entry.length === 0) return;
    out.entries++;
    const dn = entry.find((a) => a.attr.toLowerCase() === 'dn')?.value ?? '';
    for (const [i, a] of entry.entries()) {
      const name = a.attr.toLowerCase();
      const kind = name.startsWith('usercertificate') ? 'certificates' : name === 'cscamasterlistdata' ? 'masterLists' : name.startsWith('certificaterevocationlist') ? 'crls' : undefined;
      if (!kind) continue;
      if (!a.b64) throw new ParseError(`LDIF entry ${out.entries} attribute ${i}`, `${a.attr} is not base64`);
      out[kind].push({ dn, der: base64Decode(a.value, `LDIF entry ${out.entries} ${a.attr}`) });
    }
    entry = [];
  };
  for (const line of lines) {
    if (line === '') {
      flush();
      continue;
    }
    if (line.startsWith('#')) continue;
    if (line.startsWith(' ')) {
      const last = entry[entry.length - 1];
      if (!last) throw new ParseError('LDIF', 'continuation line without an attribute');
      last.value += line.slice(1);
      continue;
    }
    const m = /^([A-Za-z0-9;.-]+)(::?)\s*(.*)$/.exec(line);
    if (!m) continue; // version:, changetype and other lines we ignore are matched above; skip junk
    entry.push({ attr: m[1]!, value: m[3]!, b64: m[2] === '::' });
  }
  flush();
  return out;
}
