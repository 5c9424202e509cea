/**
 * The bank counter's screen after a read: the chip's verdict band and tiers, the camera step (the counter
 * camera with a face guide, the live hint and the challenge's prompt with its time left; frames sent one at a
 * time, at most ~6 a second, until the challenge has passed or failed), the chip's photo beside the last
 * frame sent with the face score against the threshold, liveness, the bank-record comparison and the online
 * confirmation; then the teller's Confirm / Refuse (signed-in operator required; a check that failed needs a
 * supervisor) → the signed receipt. The check's updates come as answers and as `workflow` events.
 */
import { useEffect, useRef, useState } from 'react';
import type { ErrorInfo } from '../../../electron/contract/types.js';
import type { BankCheckView, ReceiptView } from '../../../electron/service/workflows/bank/contract.js';
import type { FeatureResultProps } from '../types.js';
import { SignInDialog } from '../../src/components/SignIn.js';
import { SupervisorDialog, type Override } from '../../src/components/SupervisorDialog.js';
import { useUi } from '../../src/context.js';
import { useErrorText, useEvents, useLoad, useOperators } from '../../src/feature-hooks.js';
import { toErrorInfo } from '../../src/transport/ws.js';
import { bankClient } from './api.js';
import { useCamera } from './camera.js';
import { CameraView } from './CameraView.js';
import { base64Of, checkUpdate, confirmNeedsSupervisor, FRAME_INTERVAL_MS, isDecided, newer, wantsFrames } from './logic.js';
import { ChipTiers, FaceScore, Liveness, Online, RecordBox } from './parts.js';
import { ReceiptPanel } from './Receipt.js';
import { RefuseDialog } from './Refuse.js';
import { bs } from './strings.js';

const PENDING_TRIES = 8;
/** Consecutive frame errors after which the screen stops sending and shows the error. */
const FRAME_ERRORS = 3;

type Open = 'none' | 'refuse' | 'supervisor' | 'signin';

export function BankCounter({ reader, result, secondsLeft, onDone, api }: FeatureResultProps) {
  const { lang, t } = useUi();
  const s = bs(lang);
  const errText = useErrorText();
  const b = bankClient(api);
  const readerId = result.readerId;
  const pending = useLoad(() => b.bankPending({ readerId }), result.readId);
  const [live, setLive] = useState<BankCheckView | null>(null);
  const check = newer(pending.value ?? null, live);
  const checkId = check?.checkId ?? null;
  const cam = useCamera();
  const [lastFrame, setLastFrame] = useState<string | null>(null);
  const [receipt, setReceipt] = useState<ReceiptView | null>(null);
  const [open, setOpen] = useState<Open>('none');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const operators = useOperators(api);
  const update = (c: BankCheckView): void => setLive((x) => newer(x, c));

  useEvents(api, (e) => {
    const c = checkUpdate(e, readerId, checkId);
    if (c) update(c);
    else if (!checkId && e.type === 'workflow' && e.workflow === 'bank' && e.readerId === readerId) pending.reload();
  });
  // The workflow's step makes the check just after the result event: "nothing pending" is asked again first.
  const tries = useRef(0);
  useEffect(() => {
    if (pending.loading || pending.value !== null || tries.current >= PENDING_TRIES) return;
    tries.current += 1;
    const tm = window.setTimeout(pending.reload, 300 * tries.current);
    return () => window.clearTimeout(tm);
  }, [pending.loading, pending.value, pending.reload]);

  const decided = isDecided(check) || receipt !== null;
  // The camera runs while the check waits for a face; it stops with the decision and when the screen goes.
  const { start: camStart, stop: camStop } = cam;
  useEffect(() => {
    if (checkId && !decided) camStart();
    if (decided) camStop();
  }, [checkId, decided, camStart, camStop]);

  // Frames: one in flight; the next after the answer, at most one per FRAME_INTERVAL_MS; none once the
  // challenge has passed or failed.
  const sendFrames = wantsFrames(check) && cam.state === 'on';
  const capture = useRef(cam.capture);
  capture.current = cam.capture;
  useEffect(() => {
    if (!sendFrames || !checkId) return;
    let running = true;
    let timer = 0;
    let errors = 0;
    const tick = async (): Promise<void> => {
      if (!running) return;
      const t0 = performance.now();
      const url = capture.current();
      if (url) {
        try {
          const c = await bankClient(api).bankFaceFrame({ readerId, checkId, jpegBase64: base64Of(url) });
          if (!running) return;
          errors = 0;
          setLastFrame(url);
          update(c);
          if (!wantsFrames(c)) return;
        } catch (e) {
          if (!running) return;
          if (++errors >= FRAME_ERRORS) return setError(toErrorInfo(e));
        }
      }
      timer = window.setTimeout(() => void tick(), Math.max(0, FRAME_INTERVAL_MS - (performance.now() - t0)));
    };
    void tick();
    return () => {
      running = false;
      window.clearTimeout(timer);
    };
  }, [sendFrames, checkId, readerId, api]);

  const call = (f: () => Promise<void>): void => {
    setBusy(true);
    setError(null);
    f()
      .catch((e: unknown) => setError(toErrorInfo(e)))
      .finally(() => setBusy(false));
  };
  const startChallenge = (): void => {
    if (!checkId) return;
    setLastFrame(null);
    call(async () => update(await b.bankStartChallenge({ readerId, checkId })));
  };
  const decide = (decision: 'confirm' | 'refuse', reason?: string, override?: Override): void => {
    if (!checkId) return;
    call(async () => {
      const r = await b.bankDecide({ readerId, checkId, decision, ...(reason ? { reason } : {}), ...(override ? { override } : {}) });
      camStop();
      update(r.check);
      setReceipt(r.receipt);
      setOpen('none');
    });
  };
  // A check decided elsewhere (or before a reload) still shows its receipt.
  useEffect(() => {
    if (!checkId || receipt || !isDecided(check) || !check?.receiptId) return;
    b.bankReceipt({ checkId }).then(setReceipt, (e: unknown) => setError(toErrorInfo(e)));
  }, [checkId, check?.receiptId, receipt]);

  const verified = (check?.verdict ?? result.verdict) === 'verified';
  const operator = reader?.operator;
  const opName = operator ? (operators.value?.find((o) => o.id === operator)?.name ?? operator) : null;
  // A failed challenge is still compared (the teller sees the score), but the step is the failure.
  const step = decided ? 'receipt' : !check ? 'loading' : check.challenge?.status === 'failed' ? 'failed' : check.status === 'compared' ? 'compared' : check.challenge ? 'challenge' : 'camera';
  const cameraBad = cam.state === 'denied' || cam.state === 'absent' || cam.state === 'error';
  const canStart = check !== null && !decided && cam.state === 'on' && check.referenceFace !== 'none' && check.referenceFace !== 'unusable' && check.challenge?.status !== 'running' && (check.status !== 'compared' || check.challenge?.status === 'failed');
  const overrideLines = check ? [...check.overrideReasons.map((r) => (lang === 'vi' ? r.vi : r.en)), ...(check.status !== 'compared' && !check.requiresOverride ? [s.notCompared] : [])] : [];

  const band = (
    <div className="verdict" role="status">
      <span className="verdict__icon" aria-hidden="true">
        {verified ? '✓' : '✕'}
      </span>
      <div>
        <h1 className="verdict__title">{verified ? s.verified : s.notVerified}</h1>
        <p className="verdict__sub">
          {result.identity.fullName && <strong className="bk-name">{result.identity.fullName}</strong>} {result.identity.idNumber && <span className="bk-idno">· {result.identity.idNumber}</span>}
          {!verified && <span className="bk-sub"> — {s.notVerifiedSub}</span>}
        </p>
      </div>
    </div>
  );

  return (
    <div className={`screen result bk ${verified ? 'result--ok' : 'result--bad'}`} data-verdict={result.verdict} data-step={step} data-check-status={check?.status ?? ''}>
      {band}
      <div className="bk-body">
        <figure className="bk-photo">
          {result.photo ? <img src={`data:${result.photo.mime};base64,${result.photo.data}`} alt={t.photoAlt} width={result.photo.width} height={result.photo.height} /> : <div className="photo__none">{t.noPhoto}</div>}
          <figcaption>{s.chipPhoto}</figcaption>
        </figure>
        <CameraView cam={cam} check={check} lastFrame={lastFrame} showVideo={!decided && check?.status !== 'compared' && check?.challenge?.status !== 'failed'} />
        <div className="bk-side">
          {!check && <p className="lead">{pending.error ? errText(pending.error) : pending.loading || tries.current < PENDING_TRIES ? s.loadingCheck : s.noCheck}</p>}
          {check && receipt && <ReceiptPanel api={api} check={check} receipt={receipt} />}
          {check?.face && <FaceScore face={check.face} />}
          {check?.liveness && <Liveness liveness={check.liveness} />}
          {check?.record && <RecordBox record={check.record} />}
          {check && <Online online={check.online} />}
          <ChipTiers result={result} />
        </div>
      </div>
      <p className="problem" role="alert">
        {errText(error)}
      </p>
      <div className="actions actions--spread">
        <p className="muted" aria-live="off">
          {t.clearsIn(secondsLeft)}
          {opName && <span className="bk-op"> · {s.operatorChip(opName)}</span>}
        </p>
        <div className="bk-buttons">
          {decided ? (
            <button type="button" className="btn btn--primary" autoFocus onClick={onDone}>
              {s.nextCustomer}
            </button>
          ) : (
            <>
              {cameraBad && (
                <button type="button" className="btn btn--secondary" onClick={camStart}>
                  {s.cameraRetry}
                </button>
              )}
              {canStart && (
                <button type="button" className="btn btn--secondary" autoFocus disabled={busy} onClick={startChallenge}>
                  {check?.challenge ? s.retry : s.start}
                </button>
              )}
              {check && !operator && (
                <button type="button" className="btn btn--secondary" onClick={() => setOpen('signin')}>
                  {s.signInToDecide}
                </button>
              )}
              {check && operator && (
                <>
                  <button type="button" className="btn btn--secondary" disabled={busy} onClick={() => setOpen('refuse')}>
                    {s.refuse}
                  </button>
                  <button type="button" className="btn btn--primary" disabled={busy || check.challenge?.status === 'running'} onClick={() => (confirmNeedsSupervisor(check) ? setOpen('supervisor') : decide('confirm'))}>
                    {confirmNeedsSupervisor(check) ? s.confirmSupervisor : s.confirm}
                  </button>
                </>
              )}
            </>
          )}
        </div>
      </div>
      {open === 'refuse' && <RefuseDialog busy={busy} error={error} onSubmit={(r) => decide('refuse', r)} onClose={() => setOpen('none')} />}
      {open === 'supervisor' && (
        <SupervisorDialog
          api={api}
          busy={busy}
          error={error}
          title={s.supervisorTitle}
          lead={
            <>
              <p className="bk-override-h">{s.needsOverride}</p>
              <ul className="bk-override-list">
                {overrideLines.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            </>
          }
          reasons={overrideLines}
          confirmLabel={s.supervisorConfirm}
          onSubmit={(o) => decide('confirm', o.reason, o)}
          onClose={() => setOpen('none')}
        />
      )}
      {open === 'signin' && reader && (
        <SignInDialog
          api={api}
          reader={reader}
          operators={operators.value}
          loadError={operators.error}
          onClose={() => {
            setOpen('none');
            operators.reload();
          }}
        />
      )}
    </div>
  );
}
