/**
 * The live column: the counter camera's picture (mirrored, as a selfie camera is expected to look) with an
 * oval face guide, the challenge's prompt in big type with its time left and the live quality hint (in a
 * polite live region, so a screen reader hears each new instruction once); after the challenge, the last
 * frame sent (the one compared, unmirrored). Camera denied / absent: what to do.
 */
import { useEffect, useState } from 'react';
import type { BankCheckView } from '../../../electron/service/workflows/bank/contract.js';
import { useUi } from '../../src/context.js';
import type { Camera } from './camera.js';
import { secondsUntil } from './logic.js';
import { bs } from './strings.js';

/** Now, every half second while `on`. */
function useNow(on: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!on) return;
    const tm = window.setInterval(() => setNow(Date.now()), 500);
    return () => window.clearInterval(tm);
  }, [on]);
  return now;
}

export function CameraView({ cam, check, lastFrame, showVideo }: { cam: Camera; check: BankCheckView | null; lastFrame: string | null; showVideo: boolean }) {
  const { lang } = useUi();
  const s = bs(lang);
  const ch = check?.challenge ?? null;
  const running = ch?.status === 'running';
  const now = useNow(running);
  const say = (x: { vi: string; en: string } | null | undefined): string => (x ? (lang === 'vi' ? x.vi : x.en) : '');
  const camMsg = cam.state === 'denied' ? s.cameraDenied : cam.state === 'absent' ? s.cameraAbsent : cam.state === 'error' ? s.cameraError : cam.state === 'starting' ? s.cameraStarting : '';
  const ref = check?.referenceFace;
  const refMsg = ref === 'pending' ? s.referencePending : ref === 'none' ? s.referenceNone : ref === 'unusable' ? s.referenceUnusable : '';
  const prompt = running ? say(ch.prompt) : ch?.status === 'passed' && check?.status !== 'compared' ? s.challengePassed : ch?.status === 'failed' ? s.challengeFailed : '';
  const code = ch?.status === 'failed' ? (ch.failure ?? check?.liveness?.active.failure ?? null) : null;
  const failure = code ? s.failures[code] : null;
  const said = running || !ch ? say(check?.hint) : '';
  // The challenge's prompt may already say what the hint says.
  const hint = said === prompt ? '' : said;
  return (
    <div className="bk-live">
      <div className={`bk-cam ${showVideo ? '' : 'bk-cam--frame'}`} data-camera={cam.state}>
        {/* The video element is kept while the screen lives so the stream has somewhere to go. */}
        <video ref={cam.video} className="bk-cam__video" muted playsInline autoPlay aria-label={s.videoLabel} hidden={!showVideo || cam.state !== 'on'} />
        {showVideo && cam.state === 'on' && <div className="bk-cam__oval" aria-hidden="true" />}
        {!showVideo && (lastFrame ? <img className="bk-cam__frame" src={lastFrame} alt={s.liveAlt} /> : <div className="photo__none bk-cam__none">{s.noLive}</div>)}
        {showVideo && cam.state !== 'on' && <div className="bk-cam__msg">{camMsg}</div>}
        {running && (
          <p className="bk-cam__time" aria-hidden="true">
            {s.secondsLeft(secondsUntil(ch.deadline, now))}
          </p>
        )}
      </div>
      <p className="bk-cam__caption">{s.livePhoto}</p>
      <div className="bk-say" role="status" aria-live="polite">
        {prompt && <p className="bk-say__prompt" data-testid="prompt">{prompt}</p>}
        {failure && <p className="bk-say__hint">{failure}</p>}
        {hint && <p className="bk-say__hint" data-testid="hint">{hint}</p>}
        {!prompt && !hint && cam.state === 'on' && !ch && <p className="bk-say__hint">{refMsg || s.lookHere}</p>}
        {(cam.state === 'denied' || cam.state === 'absent' || cam.state === 'error') && (
          <p className="bk-say__camera" data-testid="camera-problem">
            {camMsg}
          </p>
        )}
      </div>
    </div>
  );
}
