/**
 * chipid — the command-line face of ChipID Kiosk, for integrators, support staff and benchmarks.
 * Every command runs in plain Node; nothing here is needed by the Electron app.
 */
import { asCodedError } from '../emrtd/errors.js';
import { exitCodeFor, printError } from './args.js';
import { cmdReaders } from './readers.js';
import { cmdRead } from './read.js';
import { cmdSim } from './sim.js';
import { cmdBench } from '../../bench/cli.js';
import { cmdTrust } from './trust.js';
import { cmdVerifyDump, cmdVerifySod } from './verify.js';
import { cmdKeys } from './keys.js';
import { cmdOpen, cmdServe } from './serve.js';
import { cmdAdmin } from './admin.js';
import { cmdAudit, cmdClients, cmdEvents } from './support.js';
import { cmdOperators } from './operators.js';
import { cmdDepartments } from './departments.js';
import { cmdCheckin } from './checkin.js';
import { cmdJobs } from './jobs.js';
import { cmdFace } from './face.js';
import { cmdKyc } from './kyc.js';
import { cmdReceipt } from './receipt.js';

export const HELP = `chipid — ChipID Kiosk command line

Usage:
  chipid readers [--json]
      List PC/SC readers and whether a card is present.
  chipid read [--reader NAME | --virtual PROFILE] (--id 12DIGITS [--dob DATE] [--doe DATE] | --mrz "…" | --can 6DIGITS | --qr "…")
              [--no-photo] [--photo-out FILE] [--dump FILE] [--strategy extended|adaptive|short224] [--strict]
              [--record [--counter NAME]] [--json]
      Read and verify a card. With --id alone the CAN (last 6 digits) opens PACE; add --dob (and --doe when
      known) for BAC. Dates: YYYY-MM-DD or dd/MM/yyyy. --virtual reads the built-in virtual card in-process.
      --strict fails closed instead of falling back from PACE to BAC. --record stores the read (or its error)
      as an event of this kiosk, like a read at a counter: it shows on the dashboard and ships to the fleet.
  chipid sim [--profile cccd-2021|cccd-2024|passport-td3|cccd-bac-only|cccd-cardaccess-6982|cccd-clone]
             [--person FILE] [--vpcd HOST:PORT] [--latency] [--control] [--remove-at FID:BYTES] [--csca-out FILE]
      Attach the virtual card to the vpcd reader driver until stopped; prints the keys that open it.
      --csca-out writes the TEST CSCA that signs virtual cards (import it with chipid trust import).
  chipid verify-sod --sod FILE [--dg N=FILE …] [--trust PATH …] [--at DATE] [--json]
      Passive authentication of an EF.SOD and data groups from files. --trust: only these anchors
      (certificates, .ml master lists, .ldif, .crl); default: the kiosk's trust store.
  chipid verify DUMP [--trust PATH …] [--kiosk-key PUBKEY_FILE …] [--at DATE] [--json]
      Re-verify a saved read (read --dump, signed by the reading kiosk) offline: passive and Active
      Authentication are re-proved from its bytes; Chip Authentication / PACE-CAM count only when the dump
      is signed by a trusted kiosk key (this kiosk's own or a --kiosk-key). Check date: --at, else the
      dump's date under a trusted signature, else now. --trust also takes a folder of certificates.
  chipid keys public [--json]
      This kiosk's public signing key (PEM; --json adds the key id) for auditors and --kiosk-key.
  chipid trust list [--json] | trust import FILE [--root CERT] [--kind masterlist|ldif|cert|crl] | trust remove ID|SOURCE
      The CSCA trust store in the data directory; every change is recorded in the audit log.
  chipid serve [--demo] [--workflow NAME] [--readers N] [--port N] [--no-pcsc] [--result-timeout SECONDS] [--card-timeout SECONDS] [--open] [--json]
      Run the kiosk service: every PC/SC reader, the local agent API on 127.0.0.1 (default port 7787) and
      the browser UI. --demo adds virtual readers with virtual cards (training and demos). The UI opens
      through a one-time launch URL (printed; --open opens it in the desktop's browser). --workflow sets
      the counters' workflow where none is configured (hospital); with --demo the hospital's gateway,
      printer and HIS are local fakes, and demo departments and operators are added.
  chipid open [--print] [--json]
      A new one-time launch URL for the running chipid serve (browser restarted, another screen); opens it
      in the browser where there is one, else prints it. Only the user who runs the service can get one.
  chipid admin set-pin [--replace]
      Set the admin PIN (6–12 digits, read from stdin or asked at the terminal; never on the command line).
      Only while none is set, unless --replace. Unattended installs: CHIPID_ADMIN_PIN instead.
  chipid operators add --name NAME --cccd 12DIGITS --role reception|supervisor|admin [--json]
  chipid operators list [--json] | operators disable ID | operators enable ID | operators set-pin ID
      Counter operators (receptionists, supervisors), each with a name, their own CCCD number, a role and a
      PIN (4–12 digits, read from stdin or asked at the terminal; never on the command line; unattended:
      CHIPID_OPERATOR_PIN). The list shows the last 4 digits only; the admin PIN is the operator op_00000000.
  chipid clients pair --name NAME --purpose kiosk|hospital|bank|verify-only [--origin URL]… [--no-origin]
  chipid clients list | clients revoke ID
      Web systems allowed to use the local agent API; each gets a token and a purpose that limits its fields.
  chipid events [--since 7d|ISO] [--verdict V] [--limit N] [--json]
      Verification events (no names, photos or full ID numbers: last 4 digits only).
  chipid audit verify [--anchor SEQ:HASH] [--json] | audit head [--json]
      Check the hash-chained audit log; reports the first broken link. "audit head" prints the newest entry
      to keep elsewhere; --anchor then also proves nothing up to it was cut off or rewritten.
  chipid bench [--profile NAME] [--rate BITS_PER_S] [--apdu-ms MS] [--runs N] [--json]
      Benchmark a full read of the virtual CCCD under a latency model: three read strategies side by side,
      BAC vs PACE+CA+AA, and the host time of PACE, CA, AA and passive authentication.
  chipid bench --service [--storage [--events N]] [--json]
      The kiosk service's overhead per read and the local API under load; --storage adds event-insert and
      keyed-lookup latencies among N stored events (default 1,000,000; building them takes about a minute).
  chipid bench --hospital [--runs N] [--json]
      Tap → ticket at a hospital counter (read, insurance lookup on the gateway fake, check-in, print on the
      printer fake) against the read alone, and check-ins per minute at one counter.
  chipid bench --dashboard [--events N] [--runs N] [--json]
      The kiosk's own dashboard over N fleet events (default 1,000,000) in 90 days: fill rate, the outbox's cost
      per read, p50/p95 of the dashboard's queries for 90 days by day and 7 days by hour.
  chipid bench --face [--runs N] [--no-leak] [--json]
      The bank's face model: load time, compare end-to-end median and p95 over N runs (default 50), and
      memory after 10 vs after 1,000 comparisons (--no-leak skips the 1,000).
  chipid checkin (--virtual PROFILE | --reader NAME) --id 12DIGITS --department CODE --operator ID
                 [--phone N] [--confirm-changes] [--override-by SUPERVISOR_ID --override-reason TEXT] [--json]
      Hospital check-in without a screen: read and verify, insurance lookup, visit with a queue number, ticket,
      FHIR bundle. A card that is not verified needs --override-by (the supervisor's PIN from stdin or
      CHIPID_SUPERVISOR_PIN). Gateway, printer and HIS from the settings or CHIPID_BHYT_URL/_USERNAME/_PASSWORD,
      CHIPID_TICKET_PRINTER, CHIPID_HIS_WEBHOOK.
  chipid departments add --code CODE --name NAME [--prefix P] [--inactive] [--json] | departments list [--json]
      The hospital's departments and their daily queue prefixes.
  chipid jobs run [--all] [--json] | jobs list [--json]
      Runs every background job that is due once (insurance lookup retries, HIS deliveries, retention).
      --all: every queued retry and delivery is due now, whatever its back-off.
  chipid face compare IMAGE_A IMAGE_B [--json]
      Compare the faces of two images (A = reference, e.g. a DG2 portrait; JPEG or JPEG 2000) with the bank's
      face model: score, threshold, quality of each face. Exit 0 match, 1 no match, 2 bad input.
  chipid kyc (--virtual PROFILE | --reader NAME) --id 12DIGITS --live IMAGE_OR_Y4M --operator ID
             [--decision confirm|refuse] [--reason TEXT] [--override-by ID] [--receipt-out FILE] [--json]
      The bank counter's flow without a screen: read and verify the card, compare the live face with the
      chip portrait (a .y4m video runs the active challenge; a still image skips it, so confirming needs
      --override-by a supervisor, PIN on stdin or CHIPID_OPERATOR_PIN), decide and sign the receipt.
  chipid receipt verify FILE [--key PUBKEY.pem …] [--json]
      Check a bank identification receipt offline (shape, Ed25519 signature by this kiosk's key or a --key)
      and print what it proves. Exit 0 valid and trusted, 1 invalid or untrusted.
  chipid face video --person A|B --script challenge|still --out FILE.y4m [--seconds N] [--fps N]
      Synthetic camera video of a virtual card's person (A: portrait 1, B: portrait 2) for Chromium's
      --use-file-for-fake-video-capture: "challenge" turns left, right and blinks in a loop; "still" is a photo.

Exit codes: 0 ok (read: verified), 1 error, 2 bad input, 3 access denied, 4 no reader/card/PC/SC,
            5 read succeeded but the card is NOT verified.
Environment: CHIPID_HOME (data directory), PCSCLITE_CSOCK_NAME (pcscd socket), CHIPID_ADMIN_PIN (first admin PIN),
             CHIPID_OPERATOR_PIN (operators add / set-pin), CHIPID_BHYT_URL/_USERNAME/_PASSWORD,
             CHIPID_TICKET_PRINTER, CHIPID_HIS_WEBHOOK (hospital).
Every command takes --help.
`;

/** One command's part of HELP (its usage lines and their explanation), for `chipid CMD --help`. */
export function usageOf(cmd: string): string | undefined {
  const lines = HELP.split('\n');
  const out: string[] = [];
  let inside = false;
  for (const line of lines) {
    if (/^ {2}chipid /.test(line)) inside = line.startsWith(`  chipid ${cmd} `) || line === `  chipid ${cmd}`;
    else if (!/^ {4,}/.test(line)) inside = false;
    if (inside) out.push(line);
  }
  return out.length > 0 ? `Usage:\n${out.join('\n')}\n` : undefined;
}

const COMMANDS = ['readers', 'read', 'sim', 'bench', 'trust', 'verify-sod', 'verify', 'serve', 'open', 'admin', 'audit', 'events', 'clients', 'operators', 'departments', 'checkin', 'jobs', 'face', 'kyc', 'receipt'];

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  const json = rest.includes('--json');
  if (cmd !== undefined && COMMANDS.includes(cmd) && (rest.includes('--help') || rest.includes('-h'))) {
    process.stdout.write(usageOf(cmd) ?? HELP);
    return 0;
  }
  try {
    switch (cmd) {
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(HELP);
        return 0;
      case 'readers':
        return await cmdReaders(rest);
      case 'read':
        return await cmdRead(rest);
      case 'sim':
        return await cmdSim(rest);
      case 'bench':
        return await cmdBench(rest);
      case 'trust':
        return await cmdTrust(rest);
      case 'verify-sod':
        return await cmdVerifySod(rest);
      case 'verify':
        return await cmdVerifyDump(rest);
      case 'keys':
        return await cmdKeys(rest);
      case 'serve':
        return await cmdServe(rest);
      case 'open':
        return await cmdOpen(rest);
      case 'admin':
        return await cmdAdmin(rest);
      case 'audit':
        return await cmdAudit(rest);
      case 'events':
        return await cmdEvents(rest);
      case 'clients':
        return await cmdClients(rest);
      case 'operators':
        return await cmdOperators(rest);
      case 'departments':
        return await cmdDepartments(rest);
      case 'checkin':
        return await cmdCheckin(rest);
      case 'jobs':
        return await cmdJobs(rest);
      case 'face':
        return await cmdFace(rest);
      case 'kyc':
        return await cmdKyc(rest);
      case 'receipt':
        return await cmdReceipt(rest);
      default:
        process.stderr.write(`chipid: unknown command "${cmd}"\n\n${HELP}`);
        return 2;
    }
  } catch (e) {
    const err = asCodedError(e);
    printError(err, json);
    return exitCodeFor(err);
  }
}
