// Registers <kdi-status>; lit and the SDK come from this app's own node_modules.
import '@kdi-status/widget';
import type { KdiStatusChangeEvent, StatusChangeDetail } from '@kdi-status/widget';
import { useState } from 'react';
import { cprAvailability } from './cpr-availability.js';
import { STATUS_SERVER } from './status-server.js';

/**
 * One case in KY: the driftsstatus banner on top, and a "Send til CPR" button that waits while a
 * dependency of KY is down, saying why next to it.
 *
 * @example
 * createRoot(root).render(<App />);
 */
export function App() {
  const [status, setStatus] = useState<StatusChangeDetail | undefined>(undefined);
  const [sent, setSent] = useState(false);
  const { blocked, reason } = cprAvailability(status);

  return (
    <>
      <header className="app-header">
        <span className="logo">KY</span>
        <span className="app-name">Kommunernes Ydelsessystem – sagsbehandling</span>
      </header>
      <kdi-status server={STATUS_SERVER} components="ky" onkdi-status-change={(event: KdiStatusChangeEvent) => setStatus(event.detail)} />
      <main>
        <h1>Sag 2026-041233</h1>
        <dl>
          <dt>Borger</dt>
          <dd>Borger A</dd>
          <dt>Ydelse</dt>
          <dd>Kontanthjælp</dd>
        </dl>
        <button type="button" disabled={blocked} aria-describedby={reason ? 'cpr-reason' : undefined} onClick={() => setSent(true)}>
          Send til CPR
        </button>
        {reason ? (
          <p id="cpr-reason" className="reason">
            {reason}
          </p>
        ) : null}
        {sent && !blocked ? <p role="status">Sendt til CPR.</p> : null}
      </main>
    </>
  );
}
