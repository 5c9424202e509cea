// What a saved read keeps of the protocol evidence: each check's outcome as recorded (status, reason,
// algorithm — nothing else), AA's challenge and signature as base64, a refused data group by name.
import { describe, expect, it } from 'vitest';
import { toDump } from '../../../electron/service/read-card.js';
import { isDataGroupKey, type ReadResult } from '../../../electron/emrtd/read.js';

function raw(evidence: ReadResult['evidence']): ReadResult {
  return {
    files: { dataGroups: new Map([[1, new Uint8Array([0x61, 0x00])]]) },
    access: { protocol: 'BAC', keySource: 'mrz' },
    evidence,
    stats: { apdus: 1, bytesSent: 1, bytesReceived: 1, cardMs: 1 },
    capabilities: {},
  };
}

describe('toDump evidence', () => {
  it('keeps each outcome as recorded and the AA bytes as base64', () => {
    const d = toDump(
      raw({
        chipAuthentication: { status: 'pass', reason: 'chip answered under the new session keys', algorithm: 'CA-ECDH-AES-128' },
        activeAuthentication: { status: 'fail', reason: 'signature does not verify', challenge: new Uint8Array(8).fill(1), signature: new Uint8Array([2, 3]) },
        paceCam: { status: 'not_performed', reason: 'PACE ran without Chip Authentication Mapping' },
        DG3: { status: 'unreadable', sw: 0x6982 },
        DG4: { status: 'unreadable' },
      }),
      new Date('2026-11-22T10:00:00Z'),
    );
    expect(d.evidence).toEqual({
      chipAuthentication: { status: 'pass', reason: 'chip answered under the new session keys', algorithm: 'CA-ECDH-AES-128' },
      paceCam: { status: 'not_performed', reason: 'PACE ran without Chip Authentication Mapping' },
      activeAuthentication: { status: 'fail', reason: 'signature does not verify', challenge: 'AQEBAQEBAQE=', signature: 'AgM=' },
      DG3: { status: 'unreadable', sw: 0x6982 },
      DG4: { status: 'unreadable' },
    });
    // The dump's key order is its format (chipid-dump/2 is signed as written).
    expect(Object.keys(d.evidence)).toEqual(['chipAuthentication', 'paceCam', 'activeAuthentication', 'DG3', 'DG4']);
  });

  it('AA without both bytes keeps only the outcome; a check that did not run is absent', () => {
    const d = toDump(raw({ activeAuthentication: { status: 'not_performed', reason: 'no DG15', challenge: new Uint8Array(8) } }));
    expect(d.evidence).toEqual({ activeAuthentication: { status: 'not_performed', reason: 'no DG15' } });
  });

  it('names data groups by their evidence key only', () => {
    expect(['DG1', 'DG16', 'DG3'].every(isDataGroupKey)).toBe(true);
    expect(['chipAuthentication', 'paceCamData', 'DG', 'DGx', 'dg3', 'DG123'].some(isDataGroupKey)).toBe(false);
  });
});
