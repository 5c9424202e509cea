/** The bank counter's header buttons: today's checks and the operator chip (sign-in / sign-out). */
import { useState } from 'react';
import { createPortal } from 'react-dom';
import type { FeatureHeaderProps } from '../types.js';
import { operatorName, SignInDialog } from '../../src/components/SignIn.js';
import { ops } from '../../src/components/operator-strings.js';
import { useUi } from '../../src/context.js';
import { useEvents, useOperators } from '../../src/feature-hooks.js';
import { ChecksPanel } from './Checks.js';
import { bs } from './strings.js';

type Open = 'none' | 'signin' | 'checks';

export function BankHeader({ api, reader }: FeatureHeaderProps) {
  const { lang } = useUi();
  const s = bs(lang);
  const o = ops(lang);
  const [open, setOpen] = useState<Open>('none');
  const list = useOperators(api);
  useEvents(api, (e) => {
    if (e.type === 'readerChanged' && e.reader.id === reader.id && e.reader.operator && !list.value?.some((x) => x.id === e.reader.operator)) list.reload();
  });
  const name = operatorName(list.value, reader.operator);
  const close = (): void => setOpen('none');
  return (
    <>
      <button type="button" className="btn btn--ghost" onClick={() => setOpen('checks')}>
        {s.checks}
      </button>
      <button type="button" className="btn btn--ghost bk-chip" title={name ?? o.noOperator} onClick={() => setOpen('signin')} data-operator={reader.operator ?? ''}>
        {name ? s.operatorChip(name) : o.signIn}
      </button>
      {open === 'signin' &&
        createPortal(
          <SignInDialog
            api={api}
            reader={reader}
            operators={list.value}
            loadError={list.error}
            onClose={() => {
              close();
              list.reload();
            }}
          />,
          document.body,
        )}
      {open === 'checks' && createPortal(<ChecksPanel api={api} onClose={close} />, document.body)}
    </>
  );
}
